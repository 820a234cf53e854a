"""Pipelines of ordered stages, opportunities moving through them, and each opportunity's stage history."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import ExactDecimal, TenantScoped, UTCDateTime, created_at, db, same_tenant_fk, updated_at

STAGE_KINDS = ("open", "won", "lost")
"""Every pipeline has its ordered open stages, then exactly one won and one lost stage."""
FORECAST_CATEGORIES = ("pipeline", "best_case", "commit")


class Pipeline(TenantScoped, db.Model):
    """A sales process of the workspace (per product line or team), with its own stages."""

    __tablename__ = "sales_automation_pipelines"
    __table_args__ = (
        # The target of composite (tenant_id, ..._id) foreign keys from the module's other tables.
        UniqueConstraint("tenant_id", "id"),
        # Names tell pipelines apart on the board; unique also stops two first visits making two defaults.
        UniqueConstraint("tenant_id", "name", name="uq_sales_automation_pipelines_name"),
        Index("ix_sales_automation_pipelines_tenant_position", "tenant_id", "position", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    is_default: Mapped[bool] = mapped_column(default=False)
    created_at = created_at()


class Stage(TenantScoped, db.Model):
    """A step of a pipeline: its place in the order and the default probability of winning from it."""

    __tablename__ = "sales_automation_stages"
    __table_args__ = (
        # The target of composite (tenant_id, ..._id) foreign keys from the module's other tables.
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("pipeline_id", "sales_automation_pipelines.id", ondelete="CASCADE"),
        CheckConstraint("probability BETWEEN 0 AND 100", name="probability_range"),
        CheckConstraint("kind IN ('open', 'won', 'lost')", name="kind_known"),
        Index("ix_sales_automation_stages_tenant_pipeline", "tenant_id", "pipeline_id", "position", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pipeline_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    probability: Mapped[int] = mapped_column(SmallInteger, default=0)
    kind: Mapped[str] = mapped_column(String(10), default="open")
    created_at = created_at()


class Opportunity(TenantScoped, db.Model):
    """A deal with a customer, on one pipeline's stage; seen through its customer, and always by its owner."""

    __tablename__ = "sales_automation_opportunities"
    __table_args__ = (
        # The target of composite (tenant_id, ..._id) foreign keys from the module's other tables.
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("owner_id", "users.id"),
        same_tenant_fk("pipeline_id", "sales_automation_pipelines.id"),
        same_tenant_fk("stage_id", "sales_automation_stages.id"),
        CheckConstraint("status IN ('open', 'won', 'lost')", name="status_known"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        # One column of the board, a page at a time: by stage, then the card order (newest in stage first).
        Index("ix_sales_automation_opportunities_tenant_column", "tenant_id", "pipeline_id", "stage_id",
              "stage_entered_at", "id"),
        Index("ix_sales_automation_opportunities_tenant_customer", "tenant_id", "customer_id", "status"),
        Index("ix_sales_automation_opportunities_tenant_owner", "tenant_id", "owner_id", "status",
              "expected_close"),
        Index("ix_sales_automation_opportunities_tenant_close", "tenant_id", "status", "expected_close", "id"),
        # What was won (or lost) in a period: the reports and quota attainment read a month's deals, not every one.
        Index("ix_sales_automation_opportunities_tenant_closed", "tenant_id", "status", "closed_at"),
        # The same per person (reports count the people in scope): SQLite starts from the people, and read each
        # one's won deals of all time through the owner index before this one.
        Index("ix_sales_automation_opportunities_tenant_owner_closed", "tenant_id", "owner_id", "status", "closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    customer_id: Mapped[int]
    contact_id: Mapped[int | None]
    owner_id: Mapped[int]
    pipeline_id: Mapped[int]
    stage_id: Mapped[int]
    # Denormalised from the stage's kind so open work is one indexed condition.
    status: Mapped[str] = mapped_column(String(10), default="open")
    amount = mapped_column(ExactDecimal(2), nullable=False, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    # None: the stage's default probability applies.
    probability: Mapped[int | None] = mapped_column(SmallInteger)
    expected_close: Mapped[date | None]
    source: Mapped[str | None] = mapped_column(String(30))
    forecast_category: Mapped[str] = mapped_column(String(10), default="pipeline")
    description: Mapped[str | None] = mapped_column(Text)
    close_reason: Mapped[str | None] = mapped_column(String(500))
    # Who won a closed deal: None with status won is us; with lost, the competitor (None if unknown).
    winner_competitor_id: Mapped[int | None]
    lead_id: Mapped[int | None]
    stage_entered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at = created_at()
    updated_at = updated_at()


class StageStay(TenantScoped, db.Model):
    """One stay of an opportunity in a stage: entered, left (None while it is there), and who moved it in."""

    __tablename__ = "sales_automation_stage_stays"
    __table_args__ = (
        same_tenant_fk("opportunity_id", "sales_automation_opportunities.id", ondelete="CASCADE"),
        same_tenant_fk("stage_id", "sales_automation_stages.id"),
        same_tenant_fk("moved_by_id", "users.id"),
        Index("ix_sales_automation_stage_stays_tenant_opportunity", "tenant_id", "opportunity_id", "entered_at"),
        Index("ix_sales_automation_stage_stays_tenant_stage", "tenant_id", "stage_id", "entered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int]
    stage_id: Mapped[int]
    moved_by_id: Mapped[int | None]
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
