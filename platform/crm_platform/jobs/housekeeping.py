"""The tick's housekeeping: forget the workspace's old job rows and schedule runs (all workspaces).

Schedules add a job row per workspace each time they run (an hourly sweep makes
24 a day in every workspace); nobody reads them after a while. Rows users
started are theirs to see (an export's download, an import's report) and are
kept. Every DELETE is a short transaction of at most PRUNE_BATCH rows, so that a
first prune of a large table does not hold SQLite's single writer for long.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from crm_platform.extensions import db
from crm_platform.jobs.schedules import DAILY
from crm_platform.models import Job, ScheduleRun
from crm_platform.models.base import utcnow
from crm_platform.tenancy import unscoped

PRUNE_BATCH = 500
# A daily period is a local date, and local dates differ from UTC's by up to 14
# hours: runs are kept long enough that a period is never taken for a new one.
_KEEP_DAILY_RUNS = timedelta(days=3)


def prune_old_rows(schedules, now=None):
    """Delete finished and failed workspace jobs and schedule runs older than CRM_JOB_KEEP_DAYS; the counts."""
    now = now or utcnow()
    keep = timedelta(days=float(current_app.config["CRM_JOB_KEEP_DAYS"]))
    return {"jobs": _prune_workspace_jobs(now - keep), "schedule_runs": _prune_runs(schedules, keep, now)}


def _prune_workspace_jobs(cutoff):
    """Delete the workspace's own (user_id NULL) finished and failed job rows that ended before `cutoff`."""
    with unscoped("job housekeeping: prune old workspace jobs", routine=True):
        return _delete_in_batches(Job, Job.user_id.is_(None), Job.status.in_(("finished", "failed")),
                                  func.coalesce(Job.finished_at, Job.created_at) < cutoff)


def _prune_runs(schedules, keep, now):
    """Forget the runs of `schedules` older than `keep`, and never one whose period could still be due again."""
    deleted = 0
    with unscoped("job housekeeping: prune old schedule runs", routine=True):
        for _, schedule in schedules:
            needed = _KEEP_DAILY_RUNS if schedule.every == DAILY else max(
                _KEEP_DAILY_RUNS, timedelta(seconds=2 * schedule.every))
            deleted += _delete_in_batches(ScheduleRun, ScheduleRun.name == schedule.name,
                                          ScheduleRun.created_at < now - max(keep, needed))
    return deleted


def _delete_in_batches(model, *criteria):
    """Delete the rows of `model` matching `criteria`, PRUNE_BATCH rows a transaction; how many went."""
    batch = select(model.id).where(*criteria).order_by(model.id).limit(PRUNE_BATCH)
    deleted = 0
    while True:
        ids = db.session.scalars(batch).all()
        if ids:
            db.session.execute(delete(model).where(model.id.in_(ids)))
        db.session.commit()
        deleted += len(ids)
        if len(ids) < PRUNE_BATCH:
            return deleted
