"""Which periods of which schedules have run in each workspace: the tick's dedupe."""
from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_platform.extensions import db
from crm_platform.models.base import created_at
from crm_platform.tenancy import TenantScoped


class ScheduleRun(TenantScoped, db.Model):
    """One period of one schedule claimed in one workspace, with the job it started.

    The unique key is what makes two workers ticking at once, or a tick run twice,
    start the job once: the second insert of the same (tenant, name, period) fails.
    """

    __tablename__ = "schedule_runs"
    __table_args__ = (UniqueConstraint("tenant_id", "name", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # A local date ("2026-03-05") for daily schedules, a period number for intervals.
    period: Mapped[str] = mapped_column(String(40))
    # No foreign key: the row must stay (and keep the period run) even when old
    # jobs are pruned; the tick prunes old runs itself.
    job_id: Mapped[int] = mapped_column(Integer)
    created_at = created_at()
