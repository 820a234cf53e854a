"""Quotas per rep and month, managers' forecast adjustments, and who opted out of the monthly report email."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import ExactDecimal, TenantScoped, UTCDateTime, created_at, db, same_tenant_fk, updated_at

ADJUSTED_FIGURES = ("weighted", "commit", "best_case")
"""The forecast figures a manager may adjust: the weighted pipeline, and the commit and best-case sums."""
SUBJECT_KINDS = ("user", "unit")
"""An adjustment is of one rep's figure or of one org unit's subtotal."""


class Quota(TenantScoped, db.Model):
    """What one rep is expected to win or collect (the workspace's quota basis) in one month; set by their manager."""

    __tablename__ = "sales_automation_quotas"
    __audit__ = "sales_quota"
    __table_args__ = (
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        same_tenant_fk("set_by_id", "users.id"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        UniqueConstraint("tenant_id", "user_id", "month"),
        Index("ix_sales_automation_quotas_tenant_month", "tenant_id", "month", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    # The first day of the month.
    month: Mapped[date]
    amount = mapped_column(ExactDecimal(2), nullable=False)
    set_by_id: Mapped[int | None]
    created_at = created_at()
    updated_at = updated_at()


class ForecastAdjustment(TenantScoped, db.Model):
    """A manager's figure for a rep's or a unit's forecast of one month, with a note; the computed figure is kept.

    Rows are never edited: a new adjustment of the same figure by the same manager
    supersedes the earlier one (the latest `created_at` wins), so the history stays.
    """

    __tablename__ = "sales_automation_forecast_adjustments"
    __audit__ = "sales_forecast_adjustment"
    __table_args__ = (
        same_tenant_fk("adjusted_by_id", "users.id", ondelete="CASCADE"),
        CheckConstraint("subject_kind IN ('user', 'unit')", name="subject_kind_known"),
        CheckConstraint("figure IN ('weighted', 'commit', 'best_case')", name="figure_known"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        Index("ix_sales_automation_forecast_adjustments_tenant_month", "tenant_id", "month", "subject_kind",
              "subject_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The first day of the month forecast.
    month: Mapped[date]
    subject_kind: Mapped[str] = mapped_column(String(10))
    # A user id or an org unit id (by subject_kind); no foreign key, so that either can be deleted independently.
    subject_id: Mapped[int]
    figure: Mapped[str] = mapped_column(String(10), default="weighted")
    # The computed figure when the adjustment was made, and the manager's figure.
    original_amount = mapped_column(ExactDecimal(2), nullable=False)
    amount = mapped_column(ExactDecimal(2), nullable=False)
    note: Mapped[str] = mapped_column(Text)
    adjusted_by_id: Mapped[int]
    created_at = created_at()


class ReportEmailOptOut(TenantScoped, db.Model):
    """A user who does not want the monthly team performance email."""

    __tablename__ = "sales_automation_report_email_opt_outs"
    __table_args__ = (
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    created_at = created_at()


class ReportEmailSent(TenantScoped, db.Model):
    """That a manager's monthly report for `month` was sent (so a rerun of the schedule sends no second copy)."""

    __tablename__ = "sales_automation_report_emails_sent"
    __table_args__ = (
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "user_id", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    # The first day of the month the report covers.
    month: Mapped[date]
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
