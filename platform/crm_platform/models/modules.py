"""Which plugins (modules) each tenant has enabled, with their settings."""
from sqlalchemy import JSON, Boolean, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.extensions import db
from crm_platform.models.base import updated_at
from crm_platform.tenancy import TenantScoped


class TenantModule(TenantScoped, db.Model):
    """One plugin's state in one tenant; kept when disabled so its settings come back."""

    __tablename__ = "tenant_modules"
    __audit__ = "module"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at = updated_at()
