"""The plugin's one table: feedback notes on customers, owned by the tenant."""
from sqlalchemy import CheckConstraint, Index, SmallInteger, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_platform.sdk import TenantScoped, created_at, db, same_tenant_fk

MAX_TEXT = 2000


class FeedbackNote(TenantScoped, db.Model):
    """What a customer said or how a contact went, with a rating from 1 (bad) to 5 (great).

    Notes hang off a customer and inherit its visibility. A note the plugin
    writes itself (the welcome note) has no author and no rating.
    """

    __tablename__ = "crm_feedback_notes"
    __table_args__ = (
        # Composite keys: a note can point at a customer or author of its own tenant only.
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("author_id", "users.id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        Index("ix_crm_feedback_notes_tenant_customer", "tenant_id", "customer_id", "id"),
        # Newest first is by creation time: ids are random (the SDK's TenantScoped).
        Index("ix_crm_feedback_notes_tenant_newest", "tenant_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]
    author_id: Mapped[int | None]
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(Text)
    created_at = created_at()

    customer = relationship("Customer", foreign_keys="FeedbackNote.customer_id",
                            primaryjoin="FeedbackNote.customer_id == Customer.id", viewonly=True)
    author = relationship("User", foreign_keys="FeedbackNote.author_id",
                          primaryjoin="FeedbackNote.author_id == User.id", viewonly=True)
