"""Quotes with their lines; every change after sending is a new version of the same quote number."""
from datetime import date

from sqlalchemy import CheckConstraint, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import ExactDecimal, TenantScoped, created_at, db, same_tenant_fk, updated_at


QUOTE_STATUSES = ("draft", "sent", "accepted", "rejected", "superseded")


class Quote(TenantScoped, db.Model):
    """One version of a quote to a customer. Versions share a number; the totals are sums of the lines."""

    __tablename__ = "sales_automation_quotes"
    __table_args__ = (
        # The target of composite (tenant_id, ..._id) foreign keys from the module's other tables.
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("owner_id", "users.id"),
        same_tenant_fk("opportunity_id", "sales_automation_opportunities.id", ondelete="SET NULL"),
        UniqueConstraint("tenant_id", "number", "version", name="uq_sales_automation_quotes_number_version"),
        Index("ix_sales_automation_quotes_tenant_customer", "tenant_id", "customer_id", "created_at"),
        Index("ix_sales_automation_quotes_tenant_opportunity", "tenant_id", "opportunity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(SmallInteger, default=1)
    title: Mapped[str] = mapped_column(String(200))
    customer_id: Mapped[int]
    contact_id: Mapped[int | None]
    opportunity_id: Mapped[int | None]
    owner_id: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default="draft")
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    valid_until: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(Text)
    subtotal = mapped_column(ExactDecimal(2), nullable=False, default=0)
    discount_total = mapped_column(ExactDecimal(2), nullable=False, default=0)
    tax_total = mapped_column(ExactDecimal(2), nullable=False, default=0)
    total = mapped_column(ExactDecimal(2), nullable=False, default=0)
    created_at = created_at()
    updated_at = updated_at()


class QuoteLine(TenantScoped, db.Model):
    """A product or service on a quote: quantity x unit price, less a discount, plus tax (all exact decimals)."""

    __tablename__ = "sales_automation_quote_lines"
    __table_args__ = (
        same_tenant_fk("quote_id", "sales_automation_quotes.id", ondelete="CASCADE"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("discount_percent BETWEEN 0 AND 10000", name="discount_range"),
        CheckConstraint("tax_rate BETWEEN 0 AND 10000", name="tax_range"),
        Index("ix_sales_automation_quote_lines_tenant_quote", "tenant_id", "quote_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str | None] = mapped_column(String(20))
    quantity = mapped_column(ExactDecimal(4), nullable=False)
    unit_price = mapped_column(ExactDecimal(4), nullable=False)
    # Percentages with 2 places: 13.00 is China's standard VAT rate.
    discount_percent = mapped_column(ExactDecimal(2), nullable=False, default=0)
    tax_rate = mapped_column(ExactDecimal(2), nullable=False, default=0)
    net = mapped_column(ExactDecimal(2), nullable=False, default=0)
    tax = mapped_column(ExactDecimal(2), nullable=False, default=0)
    total = mapped_column(ExactDecimal(2), nullable=False, default=0)
