"""Contracts, their payment plans (instalments), payments received and collection reminders."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import ExactDecimal, TenantScoped, UTCDateTime, created_at, db, same_tenant_fk, updated_at


CONTRACT_STATUSES = ("active", "completed", "cancelled")
PAYMENT_METHODS = ("bank_transfer", "cash", "cheque", "acceptance_bill", "alipay", "wechat_pay", "other")


class Contract(TenantScoped, db.Model):
    """A signed contract with a customer: its number, term, amount and the plan of its instalments."""

    __tablename__ = "sales_automation_contracts"
    __table_args__ = (
        # The target of composite (tenant_id, ..._id) foreign keys from the module's other tables.
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("owner_id", "users.id"),
        same_tenant_fk("opportunity_id", "sales_automation_opportunities.id", ondelete="SET NULL"),
        same_tenant_fk("quote_id", "sales_automation_quotes.id", ondelete="SET NULL"),
        UniqueConstraint("tenant_id", "number", name="uq_sales_automation_contracts_number"),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_sales_automation_contracts_tenant_customer", "tenant_id", "customer_id", "status"),
        Index("ix_sales_automation_contracts_tenant_owner", "tenant_id", "owner_id", "status"),
        Index("ix_sales_automation_contracts_tenant_newest", "tenant_id", "created_at", "id"),
        # The contracts signed in a period (monthly rep performance).
        Index("ix_sales_automation_contracts_tenant_signed", "tenant_id", "signed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    customer_id: Mapped[int]
    owner_id: Mapped[int]
    opportunity_id: Mapped[int | None]
    quote_id: Mapped[int | None]
    amount = mapped_column(ExactDecimal(2), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    signed_on: Mapped[date | None]
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(12), default="active")
    notes: Mapped[str | None] = mapped_column(Text)
    created_at = created_at()
    updated_at = updated_at()


class Instalment(TenantScoped, db.Model):
    """One due payment of a contract's plan; `paid` is the sum of the payments recorded against it."""

    __tablename__ = "sales_automation_instalments"
    __table_args__ = (
        # The target of composite (tenant_id, ..._id) foreign keys from the module's other tables.
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("contract_id", "sales_automation_contracts.id", ondelete="CASCADE"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("paid >= 0 AND paid <= amount", name="paid_range"),
        Index("ix_sales_automation_instalments_tenant_contract", "tenant_id", "contract_id", "position"),
        # Receivables and collection reminders: unpaid instalments by due date.
        Index("ix_sales_automation_instalments_tenant_due", "tenant_id", "settled", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int]
    position: Mapped[int] = mapped_column(SmallInteger, default=1)
    due_date: Mapped[date]
    amount = mapped_column(ExactDecimal(2), nullable=False)
    paid = mapped_column(ExactDecimal(2), nullable=False, default=0)
    settled: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(String(300))


class Payment(TenantScoped, db.Model):
    """Money received against one instalment (partly or fully)."""

    __tablename__ = "sales_automation_payments"
    __table_args__ = (
        same_tenant_fk("contract_id", "sales_automation_contracts.id", ondelete="CASCADE"),
        same_tenant_fk("instalment_id", "sales_automation_instalments.id", ondelete="CASCADE"),
        same_tenant_fk("recorded_by_id", "users.id"),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_sales_automation_payments_tenant_contract", "tenant_id", "contract_id", "received_on"),
        Index("ix_sales_automation_payments_tenant_received", "tenant_id", "received_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int]
    instalment_id: Mapped[int]
    amount = mapped_column(ExactDecimal(2), nullable=False)
    received_on: Mapped[date]
    method: Mapped[str] = mapped_column(String(20), default="bank_transfer")
    reference: Mapped[str | None] = mapped_column(String(100))
    recorded_by_id: Mapped[int | None]
    created_at = created_at()


class CollectionReminder(TenantScoped, db.Model):
    """A reminder to the contract's owner to collect an instalment that is due soon or overdue.

    The daily schedule makes at most one per instalment and stage ("due" before
    the due date, "overdue" after it); the owner marks it done on the Today page.
    """

    __tablename__ = "sales_automation_collection_reminders"
    __table_args__ = (
        same_tenant_fk("instalment_id", "sales_automation_instalments.id", ondelete="CASCADE"),
        same_tenant_fk("owner_id", "users.id"),
        UniqueConstraint("tenant_id", "instalment_id", "stage",
                         name="uq_sales_automation_collection_reminders_stage"),
        Index("ix_sales_automation_collection_reminders_tenant_owner", "tenant_id", "owner_id", "done_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instalment_id: Mapped[int]
    owner_id: Mapped[int]
    stage: Mapped[str] = mapped_column(String(10))
    due_date: Mapped[date]
    created_on: Mapped[date]
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
