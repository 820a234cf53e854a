"""Recovery after a dead worker or a lost queue: no job row is ever silently left behind.

A worker killed mid-job (SIGKILL, out of memory, power loss) leaves its row
`running` with a heartbeat that stops (jobs/runner.py); RQ only notices at its
maintenance pass, and never tells our table. A Redis that lost its data, or a
worker that failed before it could claim the row, leaves rows `queued` that no
worker will ever take. `recover_stale_jobs` finds both and
re-queues the row or marks it failed with the reason. It runs when `crm worker`
starts and at every tick (jobs/tick.py).
"""
import logging
from datetime import timedelta
from uuid import uuid4

from flask import current_app
from flask_babel import gettext as _
from redis import RedisError
from rq import Queue
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job as RQJob, JobStatus
from sqlalchemy import and_, func, or_, select, update

from crm_platform.extensions import db
from crm_platform.jobs.connection import get_redis
from crm_platform.jobs.fairness import free_slot
from crm_platform.jobs.kinds import get_kind
from crm_platform.jobs.local_redis import LocalRedisError
from crm_platform.jobs.queue import JobsUnavailable, push
from crm_platform.models import Job
from crm_platform.models.base import utcnow
from crm_platform.tenancy import tenant_scope, unscoped

log = logging.getLogger("crm.jobs")

# RQ states of a job that a worker will still take (or is running); a rate-limited
# one waits for a slot of its workspace (jobs/fairness.py).
_ALIVE = {JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.SCHEDULED, JobStatus.STARTED, JobStatus.RATE_LIMITED}


def _stale_rows(cutoff):
    """Running rows silent since `cutoff`, and queued rows older than it, of every workspace."""
    last_sign = func.coalesce(Job.heartbeat_at, Job.started_at, Job.created_at)
    with unscoped("job recovery: stale jobs of every workspace", routine=True):
        return db.session.execute(
            select(Job.id, Job.tenant_id, Job.kind, Job.status, Job.attempts, Job.repushes, Job.rq_id)
            .where(or_(and_(Job.status == "running", last_sign < cutoff),
                       and_(Job.status == "queued", Job.created_at < cutoff)))
            .order_by(Job.id)).all()


def _rq_job(connection, rq_id):
    """The RQ job `rq_id` as Redis holds it (its status read), or None when it holds none."""
    if not rq_id:
        return None
    try:
        rq_job = RQJob.fetch(rq_id, connection=connection)
        rq_job.get_status()  # read now: the job's hash may expire before we look again
    except (NoSuchJobError, InvalidJobOperation):
        return None
    return rq_job


def _taken_by_dead_worker(connection, rq_job, cutoff):
    """True when a worker took the RQ job off its queue and died before claiming the row.

    RQ pops a job off its queue, then marks it started, then calls the runner,
    which claims the row at once. A worker killed in between leaves the job
    either marked started (RQ fails it only after its timeout: hours for an
    import) or still marked queued though no queue holds it any more (nothing
    ever fails it). So a still-queued row is pushed again when RQ has held its job
    as started since before `cutoff`, or holds it as queued on no queue. That is
    safe even if the worker was only slow: its claim names the old RQ id and
    matches nothing.
    """
    status = rq_job.get_status(refresh=False)
    if status == JobStatus.STARTED:
        return rq_job.started_at is not None and rq_job.started_at < cutoff
    if status == JobStatus.QUEUED:
        return connection.lpos(Queue(rq_job.origin, connection=connection).key, rq_job.id) is None
    return False


def _why_not_started(rq_job):
    """Why the RQ job of a still-queued row will not start it, for the row's user."""
    if rq_job is None:
        # Lost (a Redis without its data) or never received (Redis went away during a push).
        return _("Redis does not hold this job, so no worker would take it")
    status = rq_job.get_status(refresh=False)
    if status in (JobStatus.STARTED, JobStatus.QUEUED):  # see _taken_by_dead_worker
        return _("the worker that took it stopped (killed or crashed) before it could start it")
    if status == JobStatus.FAILED:
        # The run failed before it could claim the row (a worker without its database, say).
        outcome = rq_job.latest_result()
        error = _exception_line(outcome.exc_string if outcome is not None else None)
        return _("a worker could not start this job (%(error)s)", error=error or _("no error was recorded"))
    return _("its queue entry ended (%(status)s) before a worker started it", status=str(status.value))


def _exception_line(traceback_text, limit=300):
    """The "Type: message" line of the last exception in a formatted traceback, or None."""
    lines = (traceback_text or "").splitlines()
    starts = [n for n, line in enumerate(lines) if line.startswith("Traceback (most recent call last)")]
    # Frames are indented; the first line that is not is the exception itself
    # (a multi-line message, like SQLAlchemy's, continues below it).
    for line in lines[starts[-1] + 1 if starts else 0:]:
        if line.strip() and not line[0].isspace():
            return line[:limit]
    return None


def recover_stale_jobs(now=None):
    """Re-queue or fail the jobs of dead workers and those Redis lost; returns {"requeued": [ids], "failed": [ids]}.

    A `running` row whose heartbeat is older than CRM_JOB_STALE_SECONDS is
    re-queued when its kind is idempotent and it was started fewer than
    CRM_JOB_MAX_ATTEMPTS times, and failed otherwise. A `queued` row older than
    that whose RQ job Redis no longer holds, holds as ended, or was taken off its
    queue by a worker that died before claiming the row, never started (the
    runner marks a row running before its handler begins), so it is pushed again
    whatever its kind, up to CRM_JOB_MAX_ATTEMPTS pushes in all; then it is failed
    with the reason. With Redis unreachable nothing changes: the next sweep tries again.
    """
    config = current_app.config
    now = now or utcnow()
    outcome = {"requeued": [], "failed": []}
    cutoff = now - timedelta(seconds=float(config["CRM_JOB_STALE_SECONDS"]))
    rows = _stale_rows(cutoff)
    if not rows:
        return outcome
    connection = get_redis()
    try:
        connection.ping()
    except (RedisError, LocalRedisError):
        log.warning("job recovery: Redis is unreachable; %s stale job(s) wait for the next sweep", len(rows))
        return outcome
    max_attempts = int(config["CRM_JOB_MAX_ATTEMPTS"])
    for row in rows:
        with tenant_scope(row.tenant_id):
            if row.status == "queued":
                rq_job = _rq_job(connection, row.rq_id)
                if rq_job is not None and rq_job.get_status(refresh=False) in _ALIVE \
                        and not _taken_by_dead_worker(connection, rq_job, cutoff):
                    continue  # only waiting behind other jobs
                requeued = _recover_queued(row, _why_not_started(rq_job), max_attempts, now)
            else:
                requeued = _recover_running(row, max_attempts, now)
                if requeued is not None and row.rq_id:
                    free_slot(connection, row.rq_id)  # the dead worker's job still holds a workspace slot
        if requeued is not None:
            outcome["requeued" if requeued else "failed"].append(row.id)
    return outcome


def _recover_queued(row, why, max_attempts, now):
    """Push a queued row that will not start again (True), or fail it after enough pushes (False); None if changed."""
    pushes = row.repushes + 1  # the first push was enqueue's
    if pushes < max_attempts:
        note = _("This job did not start: %(why)s. It was queued again (attempt %(next)s of %(max)s).",
                 why=why, next=pushes + 1, max=max_attempts)
        return _requeue(row, note, repushes=Job.repushes + 1)
    message = _("This job never started: %(why)s. It was queued %(count)s times and is not queued again.",
                why=why, count=pushes)
    return False if _settle(row, status="failed", error=message, finished_at=now) else None


def _recover_running(row, max_attempts, now):
    """Re-queue (True) or fail (False) a running row whose worker died; None if it changed meanwhile."""
    job_kind = get_kind(row.kind)
    if job_kind is not None and job_kind.idempotent and row.attempts < max_attempts:
        note = _("The worker running this job stopped (killed or crashed); it was queued again "
                 "(attempt %(next)s of %(max)s).", next=row.attempts + 1, max=max_attempts)
        return _requeue(row, note)
    if job_kind is None or not job_kind.idempotent:
        reason = _("this kind of job is not safe to run twice; start it again if it is still needed")
    else:
        reason = _("it was started %(attempts)s times", attempts=row.attempts)
    message = _("The worker running this job stopped (killed or crashed) before it finished. "
                "It was not retried: %(reason)s.", reason=reason)
    return False if _settle(row, status="failed", error=message, finished_at=now) else None


def _settle(row, **values):
    """Update the row only if it is as the sweep read it; True when it did. Commits."""
    changed = db.session.execute(update(Job).where(
        Job.id == row.id, Job.status == row.status, Job.attempts == row.attempts, Job.repushes == row.repushes,
        Job.rq_id == row.rq_id if row.rq_id is not None else Job.rq_id.is_(None)).values(**values)).rowcount
    db.session.commit()
    return bool(changed)


def _requeue(row, note, **counts):
    """Queue the row again under a new RQ id; True, or None when the row changed meanwhile."""
    if not _settle(row, status="queued", rq_id=uuid4().hex, error=note, started_at=None, heartbeat_at=None,
                   **counts):
        return None
    try:
        push(db.session.get(Job, row.id))
    except JobsUnavailable:
        # The row is queued under an RQ id Redis does not hold, which is what the
        # next sweep looks for: it is pushed again then, not lost.
        log.warning("job recovery: Redis went away while re-queueing job %s; the next sweep retries", row.id)
    return True
