"""What the module is told: purchases, customers' external numbers, and referrals (the "advocate" mark)."""
from datetime import date

from sqlalchemy import CheckConstraint, Date, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import ExactDecimal, TenantScoped, created_at, db, same_tenant_fk

SOURCES = ("import", "api", "sales_payment")
"""Where a purchase row came from: an import batch, the API, or a payment the sales module recorded."""


class Purchase(TenantScoped, db.Model):
    """One customer transaction: what the analysis is computed from.

    `amount` is money in `currency` (the workspace currency when not given);
    only rows in the workspace currency count in the figures (docs/insights.md).
    `source_ref` identifies the row at its source (the sales payment's id, an
    import's order number): a source never gives the same reference twice, so
    events and re-runs are idempotent.
    """

    __tablename__ = "customer_insights_purchases"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("created_by_id", "users.id", ondelete="SET NULL"),
        UniqueConstraint("tenant_id", "source", "source_ref", name="uq_customer_insights_purchases_source"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        Index("ix_customer_insights_purchases_tenant_customer", "tenant_id", "customer_id", "purchased_on"),
        Index("ix_customer_insights_purchases_tenant_day", "tenant_id", "purchased_on"),
        Index("ix_customer_insights_purchases_tenant_order", "tenant_id", "order_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]
    purchased_on: Mapped[date] = mapped_column(Date)
    amount = mapped_column(ExactDecimal(2), nullable=False)
    currency: Mapped[str] = mapped_column(String(3))
    quantity = mapped_column(ExactDecimal(3))
    product: Mapped[str | None] = mapped_column(String(200))
    order_number: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(20), default="api")
    source_ref: Mapped[str | None] = mapped_column(String(100))
    created_by_id: Mapped[int | None]
    created_at = created_at()


class CustomerNumber(TenantScoped, db.Model):
    """A customer's number in another system (an ERP), by which imported purchases find their customer."""

    __tablename__ = "customer_insights_customer_numbers"
    __audit__ = "insights_customer_number"
    __table_args__ = (
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "number", name="uq_customer_insights_customer_numbers_number"),
        UniqueConstraint("tenant_id", "customer_id", name="uq_customer_insights_customer_numbers_customer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]
    number: Mapped[str] = mapped_column(String(64))
    created_at = created_at()


class Referral(TenantScoped, db.Model):
    """A customer recommended the company to someone: what makes an advocate (docs/insights.md, the pyramid)."""

    __tablename__ = "customer_insights_referrals"
    __audit__ = "insights_referral"
    __table_args__ = (
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("referred_customer_id", "customers.id", ondelete="SET NULL"),
        same_tenant_fk("created_by_id", "users.id", ondelete="SET NULL"),
        Index("ix_customer_insights_referrals_tenant_customer", "tenant_id", "customer_id", "referred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]
    referred_customer_id: Mapped[int | None]
    referred_name: Mapped[str | None] = mapped_column(String(200))
    referred_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None]
    created_at = created_at()

