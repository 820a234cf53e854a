"""Leads (prospects not yet customers) and the workspace's public web-to-lead forms."""
from datetime import datetime

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from crm_platform.sdk import (
    TenantScoped, UTCDateTime, created_at, db, email_key, phone_key, same_tenant_fk, updated_at,
)

LEAD_STATUSES = ("new", "working", "qualified", "disqualified", "converted")
"""new -> working -> qualified -> converted; disqualified (with a reason) from any open state."""
OPEN_LEAD_STATUSES = ("new", "working", "qualified")


class Lead(TenantScoped, db.Model):
    """A person or company who may buy, before they become a customer.

    Leads belong to people, not to customers: they are seen through their owner
    (the core's work-owner scopes); an unassigned lead is seen by managers and above.
    Converting one records the customer, contact and opportunity it became.
    """

    __tablename__ = "sales_automation_leads"
    __table_args__ = (
        # The target of composite (tenant_id, ..._id) foreign keys from the module's other tables.
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("owner_id", "users.id"),
        same_tenant_fk("created_by_id", "users.id"),
        same_tenant_fk("customer_id", "customers.id", ondelete="SET NULL"),
        Index("ix_sales_automation_leads_tenant_status", "tenant_id", "status", "created_at", "id"),
        Index("ix_sales_automation_leads_tenant_owner", "tenant_id", "owner_id", "status"),
        Index("ix_sales_automation_leads_tenant_newest", "tenant_id", "created_at", "id"),
        Index("ix_sales_automation_leads_tenant_email_key", "tenant_id", "email_key"),
        Index("ix_sales_automation_leads_tenant_phone_key", "tenant_id", "phone_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(50))
    region: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str | None] = mapped_column(String(30))
    notes: Mapped[str | None] = mapped_column(Text)
    # The core's duplicate keys of the email and phone (set by the validator below), so that an import
    # finds the open leads a row duplicates with one index look-up per key.
    email_key: Mapped[str | None] = mapped_column(String(255))
    phone_key: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20), default="new")
    disqualify_reason: Mapped[str | None] = mapped_column(String(500))
    owner_id: Mapped[int | None]
    created_by_id: Mapped[int | None]
    # What the conversion made (the contact and opportunity are plain ids: plugin tables refer only to
    # the core's customers and users, and the opportunity may be deleted later).
    customer_id: Mapped[int | None]
    contact_id: Mapped[int | None]
    opportunity_id: Mapped[int | None]
    converted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at = created_at()
    updated_at = updated_at()

    @validates("email", "phone")
    def _set_key(self, field, value):
        """Keep the field's duplicate key in step with it, however it is set."""
        setattr(self, f"{field}_key", (email_key if field == "email" else phone_key)(value))
        return value


class LeadForm(TenantScoped, db.Model):
    """A public web-to-lead form of the workspace, reached through an unguessable token in its URL."""

    __tablename__ = "sales_automation_lead_forms"
    __table_args__ = (
        # The public URL finds the form (and so the workspace) by its token alone: unique across workspaces.
        UniqueConstraint("token", name="uq_sales_automation_lead_forms_token"),
        same_tenant_fk("owner_id", "users.id"),
        Index("ix_sales_automation_lead_forms_tenant", "tenant_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(30))
    # Who gets the form's leads when no assignment rule applies; None leaves them unassigned.
    owner_id: Mapped[int | None]
    thank_you: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(default=True)
    created_at = created_at()


class LeadAssignee(TenantScoped, db.Model):
    """A user who takes new leads under the workspace's assignment rule, optionally for one region.

    Round robin gives the next lead to the assignee who was given one least
    recently (`last_assigned_at`), so the turn survives restarts and races.
    """

    __tablename__ = "sales_automation_lead_assignees"
    __table_args__ = (
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "user_id", "region", name="uq_sales_automation_lead_assignees_user_region"),
        Index("ix_sales_automation_lead_assignees_tenant_region", "tenant_id", "region", "last_assigned_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    # None: takes leads from every region (round robin and fewest open ignore the region).
    region: Mapped[str | None] = mapped_column(String(100))
    last_assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
