"""What the module computes: each customer's latest figures, monthly layer snapshots, and the runs that made them.

Written only by the computation (compute/), never typed in; rows are replaced
whole by each run. Money is in the workspace currency.
"""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import ExactDecimal, TenantScoped, UTCDateTime, db, same_tenant_fk

ABC_CLASSES = ("A", "B", "C")
LAYERS = ("lost", "onlooker", "leaving", "new", "inactive", "regular", "core", "advocate")
"""The loyalty pyramid's eight layers from the bottom (DOMAIN.md): lost customers, onlookers, on the edge of
leaving, new, inactive (buy from several suppliers), active regulars, core, advocates."""


class Score(TenantScoped, db.Model):
    """One customer's figures as of the last computation (docs/insights.md defines every column).

    Every customer of the workspace has a row after a run, those who never
    bought included (layer "onlooker", no class, no RFM scores).
    """

    __tablename__ = "customer_insights_scores"
    __table_args__ = (
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "customer_id", name="uq_customer_insights_scores_customer"),
        Index("ix_customer_insights_scores_tenant_class", "tenant_id", "abc_class"),
        Index("ix_customer_insights_scores_tenant_segment", "tenant_id", "segment"),
        Index("ix_customer_insights_scores_tenant_layer", "tenant_id", "layer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]
    as_of: Mapped[date] = mapped_column(Date)
    # The analysis period (settings: period_months, ending on as_of): revenue, its rank and class.
    revenue = mapped_column(ExactDecimal(2), nullable=False)
    revenue_rank: Mapped[int | None]
    abc_class: Mapped[str | None] = mapped_column(String(1))
    # RFM: raw values and 1..5 scores (None for customers who never bought).
    recency_days: Mapped[int | None]
    frequency: Mapped[int] = mapped_column(default=0)
    r_score: Mapped[int | None] = mapped_column(SmallInteger)
    f_score: Mapped[int | None] = mapped_column(SmallInteger)
    m_score: Mapped[int | None] = mapped_column(SmallInteger)
    segment: Mapped[str | None] = mapped_column(String(40))
    # The pyramid, and what it was decided from besides RFM.
    layer: Mapped[str] = mapped_column(String(20))
    trend: Mapped[float | None] = mapped_column(Float)
    open_complaints: Mapped[int] = mapped_column(default=0)
    advocate: Mapped[bool] = mapped_column(Boolean, default=False)
    cdi: Mapped[float | None] = mapped_column(Float)
    # Whole history.
    purchases: Mapped[int] = mapped_column(default=0)
    first_purchase_on: Mapped[date | None] = mapped_column(Date)
    last_purchase_on: Mapped[date | None] = mapped_column(Date)
    # BG/NBD and Gamma-Gamma (None when the workspace's history is too short to fit them).
    p_alive: Mapped[float | None] = mapped_column(Float)
    expected_purchases: Mapped[float | None] = mapped_column(Float)
    expected_spend = mapped_column(ExactDecimal(2))
    clv = mapped_column(ExactDecimal(2))


class Snapshot(TenantScoped, db.Model):
    """A customer's layer, class and segment at the end of a month: the pyramid's history and its transitions."""

    __tablename__ = "customer_insights_snapshots"
    __table_args__ = (
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "month", "customer_id", name="uq_customer_insights_snapshots_month_customer"),
        Index("ix_customer_insights_snapshots_tenant_month_layer", "tenant_id", "month", "layer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date)  # its first day; the figures are as of its last day
    customer_id: Mapped[int]
    layer: Mapped[str] = mapped_column(String(20))
    abc_class: Mapped[str | None] = mapped_column(String(1))
    segment: Mapped[str | None] = mapped_column(String(40))


class Run(TenantScoped, db.Model):
    """One computation of a workspace's figures: when, as of which day, on how much, and the fitted models."""

    __tablename__ = "customer_insights_runs"
    __table_args__ = (
        same_tenant_fk("started_by_id", "users.id", ondelete="SET NULL"),
        Index("ix_customer_insights_runs_tenant_started", "tenant_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="running")  # running, done, failed
    job_id: Mapped[str | None] = mapped_column(String(64))
    started_by_id: Mapped[int | None]
    started_at = mapped_column(UTCDateTime, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    customers: Mapped[int] = mapped_column(default=0)
    purchases: Mapped[int] = mapped_column(default=0)
    # {"bgnbd": {"r", "alpha", "a", "b", "converged"}, "gamma_gamma": {"p", "q", "v"}, "left_out": {...}}
    models: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
