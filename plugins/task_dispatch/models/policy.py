"""The dispatch policy: every saved version of the workspace's hard rules and soft factor weights."""
from sqlalchemy import JSON, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import TenantScoped, created_at, db, same_tenant_fk


class PolicyVersion(TenantScoped, db.Model):
    """One saved version of the policy; the highest `version` is in force. Never changed once saved.

    `weights` is {factor key: weight >= 0}; `parameters` the rules' and factors'
    settings (region mode, caps, penalties, windows, automatic assignment).
    A workspace with no row uses the documented defaults (version 0).
    """

    __tablename__ = "task_dispatch_policy_versions"
    __audit__ = "dispatch_policy"
    __table_args__ = (
        UniqueConstraint("tenant_id", "version", name="uq_task_dispatch_policy_versions_version"),
        same_tenant_fk("created_by_id", "users.id"),
        Index("ix_task_dispatch_policy_versions_tenant_version", "tenant_id", "version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]
    weights: Mapped[dict] = mapped_column(JSON, default=dict)
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None]
    created_at = created_at()
