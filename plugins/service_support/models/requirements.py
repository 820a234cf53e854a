"""Requirement records: what customers ask for (a feature, a product), their votes and the answers given."""
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column

from crm_platform.sdk import TenantScoped, UTCDateTime, created_at, current_tenant_param, db, same_tenant_fk, updated_at

REQUIREMENT_STATUSES = ("new", "under_review", "planned", "done", "declined")


class Requirement(TenantScoped, db.Model):
    """A request for a feature or product, with the person responsible for answering it."""

    __tablename__ = "service_support_requirements"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("responsible_id", "users.id"),
        same_tenant_fk("created_by_id", "users.id"),
        CheckConstraint("status IN ('new', 'under_review', 'planned', 'done', 'declined')", name="status_known"),
        Index("ix_service_support_requirements_tenant_responsible", "tenant_id", "responsible_id", "status"),
        Index("ix_service_support_requirements_tenant_newest", "tenant_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(14), default="new")
    responsible_id: Mapped[int | None]
    created_by_id: Mapped[int | None]
    # When the responsible person last reviewed it (the daily review list shows what is new or waiting since).
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at = created_at()
    updated_at = updated_at()


class RequirementVote(TenantScoped, db.Model):
    """A customer asking for a requirement (one vote per customer), optionally from a ticket."""

    __tablename__ = "service_support_requirement_votes"
    __table_args__ = (
        UniqueConstraint("tenant_id", "requirement_id", "customer_id", name="uq_service_support_votes_customer"),
        same_tenant_fk("requirement_id", "service_support_requirements.id", ondelete="CASCADE"),
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        Index("ix_service_support_votes_tenant_customer", "tenant_id", "customer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int]
    customer_id: Mapped[int]
    # The ticket it came from, if any (a plain id: the vote outlives the ticket).
    ticket_id: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None]
    created_at = created_at()


class RequirementAnswer(TenantScoped, db.Model):
    """An answer given on a requirement (to the customers who asked, by the person responsible or a colleague).

    A status change is an entry too, with `status` set (and the optional words
    that went with it in `body`, else ""): the requirement's page lists them as one history.
    """

    __tablename__ = "service_support_requirement_answers"
    __table_args__ = (
        same_tenant_fk("requirement_id", "service_support_requirements.id", ondelete="CASCADE"),
        same_tenant_fk("author_id", "users.id"),
        CheckConstraint("status IS NULL OR status IN ('new', 'under_review', 'planned', 'done', 'declined')",
                        name="status_known"),
        Index("ix_service_support_answers_tenant_requirement", "tenant_id", "requirement_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int]
    author_id: Mapped[int | None]
    body: Mapped[str] = mapped_column(Text)
    # The status the requirement moved to with this entry (None: a plain answer).
    status: Mapped[str | None] = mapped_column(String(14))
    created_at = created_at()


# How many customers asked (every vote, seen by the reader or not): shown on every requirement, and a sort of the list.
# Loader criteria never reach a column_property, so its subquery names the tenant itself (docs/plugins.md, the SDK).
Requirement.vote_count = column_property(
    select(func.count(RequirementVote.id)).where(
        RequirementVote.tenant_id == current_tenant_param(), RequirementVote.requirement_id == Requirement.id)
    .correlate_except(RequirementVote).scalar_subquery())
