"""Tickets: a customer's complaint, inquiry, fault or requirement, its conversation, files and timeline."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import TenantScoped, UTCDateTime, created_at, db, same_tenant_fk, updated_at

CHANNELS = ("phone", "email", "web", "visit")
CATEGORIES = ("complaint", "inquiry", "fault", "requirement")
PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("new", "open", "pending", "resolved", "closed")
MESSAGE_KINDS = ("reply", "note")


def _one_of(column, values):
    """A CHECK that `column` holds one of `values` (named `<column>_known`)."""
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{column}_known")


class Ticket(TenantScoped, db.Model):
    """A service ticket on a customer, with its assignee or team queue and its SLA clocks.

    The SLA columns are kept by the `sla` feature: the due times (None while the
    ticket is pending, or once the target is met), when the assignee was warned,
    when a target was breached, and the business minutes each target took.
    `contact_id` is a plain id: a contact may be deleted while its tickets stay.
    """

    __tablename__ = "service_support_tickets"
    __table_args__ = (
        # The target of composite (tenant_id, ticket_id) foreign keys from the module's other tables.
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "number", name="uq_service_support_tickets_number"),
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("assignee_id", "users.id"),
        same_tenant_fk("created_by_id", "users.id"),
        same_tenant_fk("team_unit_id", "org_units.id"),
        _one_of("channel", CHANNELS),
        _one_of("category", CATEGORIES),
        _one_of("priority", PRIORITIES),
        _one_of("status", STATUSES),
        Index("ix_service_support_tickets_tenant_queue", "tenant_id", "status", "created_at", "id"),
        Index("ix_service_support_tickets_tenant_customer", "tenant_id", "customer_id", "created_at"),
        Index("ix_service_support_tickets_tenant_assignee", "tenant_id", "assignee_id", "status"),
        # The team queue: one team's tickets newest first, read in order instead of sorted.
        Index("ix_service_support_tickets_tenant_team", "tenant_id", "team_unit_id", "created_at", "id"),
        # The SLA scan: open tickets whose next due time has come.
        Index("ix_service_support_tickets_tenant_response_due", "tenant_id", "first_response_due_at"),
        Index("ix_service_support_tickets_tenant_resolution_due", "tenant_id", "resolution_due_at"),
        # ... and the SLA scan's one query: the tickets whose next warning or breach has come.
        Index("ix_service_support_tickets_tenant_response_alert", "tenant_id", "first_response_alert_at"),
        Index("ix_service_support_tickets_tenant_resolution_alert", "tenant_id", "resolution_alert_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[int]
    contact_id: Mapped[int | None]
    channel: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(12))
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="new")
    assignee_id: Mapped[int | None]
    team_unit_id: Mapped[int | None]
    created_by_id: Mapped[int | None]
    # SLA: the policy applied (a plain id: deleting a policy keeps the tickets' due times).
    sla_policy_id: Mapped[int | None]
    first_response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the SLA scan next acts on a target: its warning, then its breach; None once both are done, while paused
    # or once the target is met (sla/clock.py keeps them, so the scan is one indexed query).
    first_response_alert_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_alert_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What happened: the first public reply, the resolution, and who did each (business minutes, pauses left out).
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_responder_id: Mapped[int | None]
    first_response_minutes: Mapped[int | None]
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolver_id: Mapped[int | None]
    resolution_minutes: Mapped[int | None]
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Since when the ticket waits on the customer (status pending); the SLA clock is paused.
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopen_count: Mapped[int] = mapped_column(default=0)
    created_at = created_at()
    updated_at = updated_at()


class TicketPause(TenantScoped, db.Model):
    """One stretch of time a ticket waited on the customer (pending): left out of its SLA clocks."""

    __tablename__ = "service_support_ticket_pauses"
    __table_args__ = (
        same_tenant_fk("ticket_id", "service_support_tickets.id", ondelete="CASCADE"),
        Index("ix_service_support_ticket_pauses_tenant_ticket", "tenant_id", "ticket_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TicketMessage(TenantScoped, db.Model):
    """A public reply (emailed to the contact) or an internal note on a ticket."""

    __tablename__ = "service_support_ticket_messages"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("ticket_id", "service_support_tickets.id", ondelete="CASCADE"),
        same_tenant_fk("author_id", "users.id"),
        _one_of("kind", MESSAGE_KINDS),
        Index("ix_service_support_ticket_messages_tenant_ticket", "tenant_id", "ticket_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(8))
    author_id: Mapped[int | None]
    body: Mapped[str] = mapped_column(Text)
    # The address a reply was mailed to (None: a note, or no contact email); the mail job's id once queued.
    mailed_to: Mapped[str | None] = mapped_column(String(254))
    mail_job_id: Mapped[int | None]
    created_at = created_at()


class TicketAttachment(TenantScoped, db.Model):
    """A file on a ticket (optionally on one of its messages): size-capped, type checked, stored by the core."""

    __tablename__ = "service_support_ticket_attachments"
    __table_args__ = (
        same_tenant_fk("ticket_id", "service_support_tickets.id", ondelete="CASCADE"),
        same_tenant_fk("message_id", "service_support_ticket_messages.id", ondelete="CASCADE"),
        same_tenant_fk("uploaded_by_id", "users.id"),
        Index("ix_service_support_ticket_attachments_tenant_ticket", "tenant_id", "ticket_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int]
    message_id: Mapped[int | None]
    uploaded_by_id: Mapped[int | None]
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    stored_name: Mapped[str] = mapped_column(String(64))
    created_at = created_at()


class TicketEvent(TenantScoped, db.Model):
    """One line of a ticket's timeline: created, status, assignment, priority, SLA warning or breach, survey..."""

    __tablename__ = "service_support_ticket_events"
    __table_args__ = (
        same_tenant_fk("ticket_id", "service_support_tickets.id", ondelete="CASCADE"),
        Index("ix_service_support_ticket_events_tenant_ticket", "tenant_id", "ticket_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(30))
    # Who did it (None: the system, e.g. the SLA schedule); a plain id so the timeline outlives users.
    actor_id: Mapped[int | None]
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at = created_at()
