"""Tasks to dispatch and the stored explanation of every assignment."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Float, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.sdk import TenantScoped, UTCDateTime, created_at, db, same_tenant_fk, updated_at

PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("unassigned", "assigned", "in_progress", "done", "cancelled")
OPEN_STATUSES = ("unassigned", "assigned", "in_progress")
"""A task in these holds its effort against its assignee's capacity (when it has one)."""
ASSIGNMENT_MODES = ("manual", "auto", "batch", "request")


def _one_of(column, values):
    """A CHECK that `column` holds one of `values` (named `<column>_known`)."""
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{column}_known")


class Task(TenantScoped, db.Model):
    """A piece of work to give to the most suitable employee.

    `required_skills` is [{"skill": key, "level": 1..5}], `required_resources` a
    list of resource keys. `source_kind` is "manual" or the kind another module
    asked with ("ticket", "lead", ...), `source_id` that record's id and
    `source_url` its page. The window runs from `earliest_start` (None: now) to
    `due` (None: open-ended).
    """

    __tablename__ = "task_dispatch_tasks"
    __audit__ = "dispatch_task"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "number", name="uq_task_dispatch_tasks_number"),
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("assignee_id", "users.id"),
        same_tenant_fk("created_by_id", "users.id"),
        _one_of("priority", PRIORITIES),
        _one_of("status", STATUSES),
        CheckConstraint("effort BETWEEN 1 AND 1000", name="effort_range"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        # The board: unassigned tasks by due time.
        Index("ix_task_dispatch_tasks_tenant_status", "tenant_id", "status", "due", "id"),
        Index("ix_task_dispatch_tasks_tenant_assignee", "tenant_id", "assignee_id", "status"),
        Index("ix_task_dispatch_tasks_tenant_customer", "tenant_id", "customer_id", "created_at"),
        Index("ix_task_dispatch_tasks_tenant_source", "tenant_id", "source_kind", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    customer_id: Mapped[int | None]
    region: Mapped[str | None] = mapped_column(String(100))
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    effort: Mapped[int] = mapped_column(default=1)
    required_skills: Mapped[list] = mapped_column(JSON, default=list)
    required_resources: Mapped[list] = mapped_column(JSON, default=list)
    earliest_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source_kind: Mapped[str] = mapped_column(String(40), default="manual")
    source_id: Mapped[int | None]
    source_url: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12), default="unassigned")
    assignee_id: Mapped[int | None]
    created_by_id: Mapped[int | None]
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[int | None]
    outcome: Mapped[str | None] = mapped_column(Text)
    created_at = created_at()
    updated_at = updated_at()


class Assignment(TenantScoped, db.Model):
    """Who a task was given to, how and why: the policy version, each factor's value and weight, total and rank.

    `factors` is {factor key: {"value": 0..1, "weight": w}}, `alternatives` the
    best other candidates [{"user_id", "total"}]; `reason` is required when
    someone other than the top candidate was chosen by hand. Rows are never
    changed: a reassignment adds one.
    """

    __tablename__ = "task_dispatch_assignments"
    __audit__ = "dispatch_assignment"
    __table_args__ = (
        same_tenant_fk("task_id", "task_dispatch_tasks.id", ondelete="CASCADE"),
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        _one_of("mode", ASSIGNMENT_MODES),
        Index("ix_task_dispatch_assignments_tenant_task", "tenant_id", "task_id", "id"),
        # Fairness: effort given to each person over a rolling window.
        Index("ix_task_dispatch_assignments_tenant_created", "tenant_id", "created_at", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int]
    user_id: Mapped[int]
    actor_id: Mapped[int | None]
    mode: Mapped[str] = mapped_column(String(8))
    policy_version: Mapped[int | None]
    batch_id: Mapped[int | None]
    effort: Mapped[int] = mapped_column(default=1)
    # The weighted score 0..1 of the chosen person (a ranking figure, not an amount of money).
    total: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None]
    candidates: Mapped[int | None]
    factors: Mapped[dict] = mapped_column(JSON, default=dict)
    alternatives: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at = created_at()
