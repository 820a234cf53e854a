"""SLA policies: first-response and resolution targets in business minutes, per priority and category."""
from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import TenantScoped, created_at, db, same_tenant_fk, updated_at

ESCALATIONS = ("notify_manager", "raise_priority", "reassign")


class SlaPolicy(TenantScoped, db.Model):
    """Targets for the tickets of one priority and/or category (None: any), counted on the workspace calendar.

    The most specific active policy applies: priority and category, then
    category alone, then priority alone, then the catch-all (docs/service.md).
    """

    __tablename__ = "service_support_sla_policies"
    __table_args__ = (
        same_tenant_fk("reassign_to_id", "users.id"),
        CheckConstraint("first_response_minutes > 0 AND resolution_minutes > 0", name="targets_positive"),
        CheckConstraint("warn_before_minutes >= 0", name="warning_not_negative"),
        CheckConstraint("escalation IN ('notify_manager', 'raise_priority', 'reassign')", name="escalation_known"),
        Index("ix_service_support_sla_policies_tenant_match", "tenant_id", "category", "priority"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    priority: Mapped[str | None] = mapped_column(String(8))
    category: Mapped[str | None] = mapped_column(String(12))
    first_response_minutes: Mapped[int]
    resolution_minutes: Mapped[int]
    warn_before_minutes: Mapped[int] = mapped_column(default=60)
    escalation: Mapped[str] = mapped_column(String(20), default="notify_manager")
    # The user a breached ticket goes to when the escalation is `reassign`.
    reassign_to_id: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at = created_at()
    updated_at = updated_at()
