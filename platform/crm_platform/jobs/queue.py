"""Enqueueing: the row first, then the RQ job that carries only its ids."""
from flask_babel import gettext as _, lazy_gettext as _l
from redis import RedisError
from rq import Queue
from werkzeug.exceptions import ServiceUnavailable

from crm_platform.extensions import db
from crm_platform.jobs.connection import get_redis
from crm_platform.jobs.kinds import get_kind
from crm_platform.jobs.local_redis import LocalRedisError
from crm_platform.models.base import utcnow
from crm_platform.models.jobs import Job

QUEUE = "crm"


class JobsUnavailable(ServiceUnavailable):
    """Redis is down: the job was not queued (503; see docs/jobs.md for why not an outbox)."""

    description = _l("Background jobs are unavailable right now; nothing was started. Try again in a minute.")


def get_queue(app=None):
    """The RQ queue every core job goes to."""
    return Queue(QUEUE, connection=get_redis(app))


def enqueue(kind, user, params=None):
    """Create the job row for `user` in the current tenant, commit it, and queue its run.

    `user` is None for jobs the workspace runs itself (schedules).

    Raises JobsUnavailable (503) when Redis cannot be reached; the row is then
    kept as failed with that reason, so the user's job list says what happened.
    """
    job_kind = get_kind(kind)
    if job_kind is None:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(user_id=user.id if user is not None else None, kind=kind, status="queued", progress_done=0, params=params or {})
    db.session.add(job)
    db.session.commit()
    try:
        # RQ makes the job id: our row ids repeat across databases sharing a Redis,
        # and a repeated RQ id would overwrite the earlier job.
        rq_job = get_queue().enqueue("crm_platform.jobs.runner.run_job", job.id, job.tenant_id,
                                     job_timeout=job_kind.timeout, description=f"{kind} #{job.id}",
                                     result_ttl=3600, failure_ttl=7 * 86400)
    except (RedisError, LocalRedisError) as exc:
        db.session.rollback()
        job.status, job.finished_at = "failed", utcnow()
        job.error = _("Background jobs are unavailable (%(reason)s); nothing was started.", reason=type(exc).__name__)
        db.session.commit()
        raise JobsUnavailable() from exc
    job.rq_id = rq_job.id
    db.session.commit()
    return job
