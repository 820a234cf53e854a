"""Each person's home dashboard: the widgets they chose, in their order (docs/dashboard.md)."""
from sqlalchemy import JSON, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.extensions import db
from crm_platform.models.base import same_tenant_fk, updated_at
from crm_platform.tenancy import TenantScoped


class DashboardLayout(TenantScoped, db.Model):
    """The widget keys a user shows on their dashboard, top to bottom; no row: every default widget, in hook order."""

    __tablename__ = "dashboard_layouts"
    __table_args__ = (
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    # Keys of widgets, e.g. ["core.reminders", "sales.pipeline"]; a key no enabled module offers any more is skipped.
    widgets: Mapped[list] = mapped_column(JSON, default=list)
    updated_at = updated_at()
