"""The tick: once a minute, recover stale jobs, prune old rows, and start every schedule due in every workspace.

Schedules run per workspace, as the workspace (no user): the core's everywhere,
a plugin's only where the plugin is enabled. Each (workspace, schedule, period)
is claimed in `schedule_runs` in the same transaction that creates its job row;
the unique key makes a second tick (another worker's, or the same period ticked
again) skip it. Who ticks: `crm worker` (jobs/cron.py), `crm worker --burst` once
before draining, and `crm jobs tick` by hand.
"""
import logging
import random

from redis import RedisError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from crm_platform.extensions import db
from crm_platform.jobs.connection import get_redis
from crm_platform.jobs.housekeeping import prune_old_rows
from crm_platform.jobs.local_redis import LocalRedisError
from crm_platform.jobs.queue import JobsUnavailable, new_job, push
from crm_platform.jobs.recovery import recover_stale_jobs
from crm_platform.jobs.runner import worker_app
from crm_platform.jobs.schedules import all_schedules, due_period
from crm_platform.models import Job, ScheduleRun, Tenant
from crm_platform.models.base import utcnow
from crm_platform.modules.state import enabled_names
from crm_platform.tenancy import tenant_scope, unscoped

log = logging.getLogger("crm.jobs")


def scheduled_tick():
    """What the RQ job enqueued by `crm worker`'s cron runs: one tick in the worker's app."""
    with worker_app().app_context():
        return run_tick()


def run_tick(now=None):
    """Recover stale jobs, prune old rows, then start each schedule due at `now` (aware UTC; default: now).

    Returns {"recovered": {...}, "pruned": {...}, "started": [(tenant_id, schedule, job_id)]}.
    When Redis is down nothing is claimed (the periods stay due and start at a
    later tick) and the tick ends quietly; it never raises for that.
    """
    # Recovery and pruning go by the real clock: `now` only says which periods are due.
    schedules = all_schedules()
    summary = {"recovered": recover_stale_jobs(), "pruned": prune_old_rows(schedules), "started": []}
    now = now or utcnow()
    if not schedules:
        return summary
    try:
        get_redis().ping()
    except (RedisError, LocalRedisError):
        log.warning("schedule tick: Redis is unreachable; due schedules start at a later tick")
        return summary
    with unscoped("schedule tick: every workspace's id and time zone", routine=True):
        tenants = db.session.execute(select(Tenant.id, Tenant.settings)).all()
    # A new order at every tick: the workspaces whose schedules join the queue first
    # are served first, and no workspace is always last (docs/jobs.md, "Fair jobs").
    random.shuffle(tenants)
    for tenant in tenants:
        try:
            with tenant_scope(tenant.id):
                summary["started"] += _tick_tenant(tenant, schedules, now)
        except JobsUnavailable:
            log.warning("schedule tick: Redis went away; the remaining schedules start at a later tick")
            break
        except Exception:  # one workspace's failure must not keep the others' schedules from running
            db.session.rollback()
            log.exception("schedule tick failed for tenant %s", tenant.id)
    return summary


def _tick_tenant(tenant, schedules, now):
    """Start the schedules due in the tenant in scope; returns [(tenant_id, name, job_id)]."""
    enabled = enabled_names()
    due = {}
    for plugin, schedule in schedules:
        period = due_period(schedule, tenant, now) if plugin is None or plugin in enabled else None
        if period is not None:
            due[schedule.name] = (schedule, period)
    if not due:
        return []
    ran = {tuple(row) for row in db.session.execute(
        select(ScheduleRun.name, ScheduleRun.period).where(ScheduleRun.name.in_(list(due))))}
    started = []
    for name, (schedule, period) in due.items():
        if (name, period) in ran:
            continue
        try:
            job_id = _start(schedule, period)
        except JobsUnavailable:
            raise  # the others would fail alike: the tick stops here
        except Exception:  # one broken schedule (say, its kind is not registered) must not block the others
            db.session.rollback()
            log.exception("schedule tick: schedule %s could not start in tenant %s", name, tenant.id)
            continue
        if job_id is not None:
            started.append((tenant.id, name, job_id))
    return started


def _start(schedule, period):
    """Claim `period` of `schedule` with a new job row in one commit, then queue it; the job id, or None."""
    job = new_job(schedule.kind, None, dict(schedule.params), scheduled=True)
    db.session.flush()
    db.session.add(ScheduleRun(name=schedule.name, period=period, job_id=job.id))
    try:
        db.session.commit()
    except IntegrityError:  # another tick claimed this period first: its job is the one
        db.session.rollback()
        return None
    job_id = job.id
    try:
        push(job)
    except JobsUnavailable:
        # Nothing started: release the claim and drop the row, so the period is
        # still due at the next tick instead of lost, and no failed row lingers.
        db.session.rollback()
        db.session.execute(delete(ScheduleRun).where(ScheduleRun.job_id == job_id))
        db.session.execute(delete(Job).where(Job.id == job_id))
        db.session.commit()
        raise
    return job_id
