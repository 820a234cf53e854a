"""Batch optimisation runs: the plan previewed, then committed (or left to expire)."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import TenantScoped, UTCDateTime, created_at, db, same_tenant_fk

BATCH_STATUSES = ("preview", "committed", "stale")


class Batch(TenantScoped, db.Model):
    """A batch of unassigned tasks and the plan computed for them.

    `plan` holds, per task, the chosen employee, score and rank; `summary` the
    totals against greedy, the solver's mode, status and proven gap, the load per
    employee and the fairness figure. Committing applies the plan as it was
    previewed, refusing (status "stale") when a task or a person changed since.
    """

    __tablename__ = "task_dispatch_batches"
    __table_args__ = (
        same_tenant_fk("created_by_id", "users.id"),
        CheckConstraint("status IN ('preview', 'committed', 'stale')", name="status_known"),
        Index("ix_task_dispatch_batches_tenant_created", "tenant_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="preview")
    policy_version: Mapped[int | None]
    task_ids: Mapped[list] = mapped_column(JSON, default=list)
    plan: Mapped[list] = mapped_column(JSON, default=list)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None]
    committed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at = created_at()
