"""Enqueueing: the row first, then the RQ job that carries only its ids."""
from uuid import uuid4

from flask import has_request_context
from flask_babel import gettext as _, lazy_gettext as _l
from redis import RedisError
from rq import Queue
from sqlalchemy import select
from werkzeug.exceptions import Conflict, ServiceUnavailable

from crm_platform.extensions import db
from crm_platform.jobs.connection import get_redis
from crm_platform.jobs.fairness import check_room, workspace_slots
from crm_platform.jobs.kinds import get_kind
from crm_platform.jobs.local_redis import LocalRedisError
from crm_platform.models.base import utcnow
from crm_platform.models.jobs import Job
from crm_platform.modules.state import is_enabled

QUEUE = "crm"
# The tick has a queue of its own that workers take from first, so that schedules
# and recovery do not wait behind a backlog of imports (jobs/cron.py).
TICK_QUEUE = "crm-tick"


class JobsUnavailable(ServiceUnavailable):
    """Redis is down: the job was not queued (503; see docs/jobs.md for why not an outbox)."""

    description = _l("Background jobs are unavailable right now; nothing was started. Try again in a minute.")


class JobKindDisabled(Conflict):
    """The job kind belongs to a plugin the workspace has not enabled (409)."""


def get_queue(app=None, name=QUEUE):
    """The RQ queue every core job goes to (or the queue `name`)."""
    return Queue(name, connection=get_redis(app))


def disabled_module(job_kind):
    """The name of the plugin whose kind this is when the current workspace has not enabled it, else None."""
    if job_kind.plugin is not None and not is_enabled(job_kind.plugin):
        return job_kind.plugin
    return None


def new_job(kind, user, params=None, scheduled=False):
    """A queued Job row of `kind` for `user` (None: the workspace), added to the session, not committed.

    Refuses an unknown kind (ValueError, a programming error), a plugin's kind
    in a workspace that has not enabled the plugin (JobKindDisabled, 409) and a
    job a request queues past the workspace's cap (TooManyJobs, 429;
    jobs/fairness.py). What the tick starts (`scheduled`) and what jobs queue
    (no request) are bounded by the work that queues them, and never refused:
    a scan that cannot queue its notices would fail every time.
    """
    job_kind = get_kind(kind)
    if job_kind is None:
        raise ValueError(f"unknown job kind {kind!r}")
    module = disabled_module(job_kind)
    if module is not None:
        raise JobKindDisabled(_("The module %(name)s is disabled for this workspace, so its jobs cannot run.",
                                name=module))
    if not scheduled and has_request_context():
        check_room()
    # We make the RQ id: a random one never repeats (RQ overwrites a job whose id
    # repeats, and our row ids repeat across databases sharing a Redis), and the
    # row knows it before the push, so a worker can tell a stale RQ job from the
    # row's current one (jobs/runner.py).
    job = Job(user_id=user.id if user is not None else None, kind=kind, status="queued", progress_done=0,
              params=params or {}, rq_id=uuid4().hex)
    db.session.add(job)
    return job


def active_job(kind):
    """The newest queued or running job of `kind` in the current workspace (anyone's, or its own), else None.

    For "one at a time" work: refuse to start another while this one is unfinished.
    """
    return db.session.scalars(select(Job).where(Job.kind == kind, Job.status.in_(("queued", "running")))
                              .order_by(Job.created_at.desc(), Job.id.desc()).limit(1)).first()


def push(job):
    """Push the RQ job that runs the committed row `job` (under its `rq_id`); JobsUnavailable when Redis is down.

    It takes one of its workspace's slots on the queue, or waits in RQ's
    rate-limited set for one (jobs/fairness.py). The row is left as it is: the
    caller decides what a failed push means for it.
    """
    job_kind = get_kind(job.kind)
    timeout = job_kind.timeout if job_kind is not None else 3600
    try:
        get_queue().enqueue("crm_platform.jobs.runner.run_job", job.id, job.tenant_id, job_id=job.rq_id,
                            job_timeout=timeout, description=f"{job.kind} #{job.id}",
                            result_ttl=3600, failure_ttl=7 * 86400, rate_limit=workspace_slots(job.tenant_id))
    except (RedisError, LocalRedisError) as exc:
        raise JobsUnavailable() from exc


def enqueue(kind, user, params=None):
    """Create the job row for `user` in the current tenant, commit it, and queue its run.

    `user` is None for jobs the workspace runs itself (schedules).

    Raises JobsUnavailable (503) when Redis cannot be reached; the row is then
    kept as failed with that reason, so the user's job list says what happened.
    Raises JobKindDisabled (409) for a plugin's kind the workspace has not enabled,
    and TooManyJobs (429) when the workspace has as many unfinished jobs as it may.
    """
    job = new_job(kind, user, params)
    db.session.commit()
    push_or_fail(job)
    return job


def push_or_fail(job):
    """Push the committed `job`; when Redis is down, keep its row as failed with the reason and raise JobsUnavailable."""
    try:
        push(job)
    except JobsUnavailable as exc:
        db.session.rollback()
        job.status, job.finished_at = "failed", utcnow()
        job.error = _("Background jobs are unavailable (%(reason)s); nothing was started.",
                      reason=type(exc.__cause__).__name__)
        db.session.commit()
        raise
