"""The audit trail: who changed what, and when."""
from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.extensions import db
from crm_platform.models.base import created_at
from crm_platform.tenancy import TenantScoped


class AuditEntry(TenantScoped, db.Model):
    """One create, update or delete of an audited record, with its field changes."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_audit_entries_tenant_entity", "tenant_id", "entity", "entity_id"),
        # One person's recent changes: the dashboard's "Recent customers" reads them on every landing.
        Index("ix_audit_entries_tenant_actor", "tenant_id", "actor_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the trail outlives the users and records it speaks of.
    actor_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(10))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    summary: Mapped[str | None] = mapped_column(String(200))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at = created_at()
