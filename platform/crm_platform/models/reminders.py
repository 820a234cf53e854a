"""Customer care reminders: a birthday or founding date coming up, for the customer's owner."""
from sqlalchemy import Date, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_platform.extensions import db
from crm_platform.models.base import UTCDateTime, created_at, same_tenant_fk
from crm_platform.tenancy import TenantScoped

# The occasion of a customer's care date, by the customer's kind.
OCCASIONS = {"person": "birthday", "company": "founding"}


class Reminder(TenantScoped, db.Model):
    """One occurrence of a customer's care date that its owner should act on, until marked done."""

    __tablename__ = "reminders"
    __table_args__ = (
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        same_tenant_fk("done_by", "users.id"),
        # The idempotency key of the daily job, the at-once sync and the pool's
        # warnings (kind "pool"), which may fall on a care date: one per kind and date.
        UniqueConstraint("tenant_id", "customer_id", "kind", "due_date"),
        Index("ix_reminders_tenant_user_due", "tenant_id", "user_id", "due_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who is reminded: the customer's owner (moved along when the customer changes owner).
    user_id: Mapped[int]
    customer_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    # This year's occurrence of the care date (Feb 29 falls on Feb 28 in other years).
    due_date = mapped_column(Date, nullable=False)
    created_at = created_at()
    done_at = mapped_column(UTCDateTime, nullable=True)
    done_by: Mapped[int | None]

    customer = relationship("Customer", foreign_keys="Reminder.customer_id",
                            primaryjoin="Reminder.customer_id == Customer.id", viewonly=True)
    user = relationship("User", foreign_keys="Reminder.user_id", primaryjoin="Reminder.user_id == User.id",
                        viewonly=True)

    @property
    def is_done(self):
        """True once someone marked the reminder done."""
        return self.done_at is not None
