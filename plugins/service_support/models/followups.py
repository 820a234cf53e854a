"""After a complaint: the return visit (a call or visit by its owner) and the satisfaction survey."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import TenantScoped, UTCDateTime, created_at, db, same_tenant_fk

FOLLOW_UP_KINDS = ("call", "visit")
FOLLOW_UP_REASONS = ("complaint_resolved", "low_score")
FOLLOW_UP_RESULTS = ("satisfied", "unsatisfied", "unreachable")


class FollowUp(TenantScoped, db.Model):
    """A return visit: call or visit the customer by a date, and record how it went."""

    __tablename__ = "service_support_follow_ups"
    __table_args__ = (
        same_tenant_fk("ticket_id", "service_support_tickets.id", ondelete="CASCADE"),
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("owner_id", "users.id"),
        CheckConstraint("kind IN ('call', 'visit')", name="kind_known"),
        CheckConstraint("reason IN ('complaint_resolved', 'low_score')", name="reason_known"),
        CheckConstraint("result IS NULL OR result IN ('satisfied', 'unsatisfied', 'unreachable')",
                        name="result_known"),
        Index("ix_service_support_follow_ups_tenant_owner", "tenant_id", "owner_id", "done_at", "due_date"),
        Index("ix_service_support_follow_ups_tenant_ticket", "tenant_id", "ticket_id"),
        Index("ix_service_support_follow_ups_tenant_customer", "tenant_id", "customer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None]
    customer_id: Mapped[int]
    owner_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(8), default="call")
    reason: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date]
    result: Mapped[str | None] = mapped_column(String(12))
    outcome: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at = created_at()


class Survey(TenantScoped, db.Model):
    """A satisfaction survey mailed to a ticket's contact: one unguessable, single-use, expiring link.

    Only a hash of the link's token is stored (`token_hash`, unique across
    workspaces: the public page finds its workspace from it).
    """

    __tablename__ = "service_support_surveys"
    __table_args__ = (
        UniqueConstraint("token_hash", name="uq_service_support_surveys_token_hash"),
        same_tenant_fk("ticket_id", "service_support_tickets.id", ondelete="CASCADE"),
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        CheckConstraint("score IS NULL OR score BETWEEN 1 AND 5", name="score_range"),
        Index("ix_service_support_surveys_tenant_ticket", "tenant_id", "ticket_id"),
        Index("ix_service_support_surveys_tenant_answered", "tenant_id", "answered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int]
    customer_id: Mapped[int]
    contact_id: Mapped[int | None]
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[int | None]
    comment: Mapped[str | None] = mapped_column(Text)
    created_at = created_at()
