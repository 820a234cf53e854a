"""Background jobs: the SQL row is the source of truth for a job's state and progress."""
from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.extensions import db
from crm_platform.models.base import UTCDateTime, created_at, same_tenant_fk
from crm_platform.tenancy import TenantScoped

JOB_STATUSES = ("queued", "running", "finished", "failed")


class Job(TenantScoped, db.Model):
    """One run of a background job, started by a user; Redis only carries its id."""

    __tablename__ = "jobs"
    __table_args__ = (
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        Index("ix_jobs_tenant_user", "tenant_id", "user_id", "id"),
        Index("ix_jobs_tenant_status", "tenant_id", "status"),
        # Recovery looks for queued and running rows of every tenant each minute.
        Index("ix_jobs_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for jobs the workspace runs itself (schedules); those are read by admins.
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    rq_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # How many times a worker has started this row: recovery re-queues idempotent
    # kinds a bounded number of times after a worker died mid-job.
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # How many times recovery pushed the row again while it was still queued (its
    # RQ job vanished, or ended before a worker could claim the row): bounded by
    # CRM_JOB_MAX_ATTEMPTS like `attempts`, so a row no worker can start is failed
    # instead of being pushed at every tick forever.
    repushes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Written by the worker while the job runs; a "running" row whose heartbeat
    # is old belongs to a worker that died (see jobs/recovery.py).
    heartbeat_at = mapped_column(UTCDateTime, nullable=True)
    created_at = created_at()
    started_at = mapped_column(UTCDateTime, nullable=True)
    finished_at = mapped_column(UTCDateTime, nullable=True)

    @property
    def percent(self):
        """Progress as a whole percentage, or None while the total is unknown."""
        if self.status == "finished":
            return 100
        if not self.progress_total:
            return None
        return min(100, int(100 * self.progress_done / self.progress_total))

    @property
    def done(self):
        """True once the job has finished or failed."""
        return self.status in ("finished", "failed")
