"""What a worker runs: one job, by id, in its tenant's scope with a fresh session.

Every write a run makes to its row after the claim (progress, heartbeat, the
outcome) is fenced: it matches only while the row is still `running` under the
RQ id and attempt this run claimed. Recovery may re-queue the row of a worker
that only looked dead (a long GC pause, a stopped process); the newer run then
owns the row, and when the old one wakes its writes match nothing, so it stops
without touching the row (see docs/jobs.md, "A superseded run").
"""
import logging
import threading
import traceback
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app, has_app_context
from flask_babel import force_locale, gettext as _
from rq import get_current_job
from sqlalchemy import case, func, update
from sqlalchemy.exc import SQLAlchemyError

from crm_platform.extensions import db
from crm_platform.i18n.selection import reader_locale
from crm_platform.jobs.kinds import JobContext, JobSuperseded, get_kind
from crm_platform.jobs.queue import disabled_module
from crm_platform.models import Job, User
from crm_platform.models.base import utcnow
from crm_platform.tenancy import tenant_scope

log = logging.getLogger("crm.jobs")

_worker_app = None


def use_app(app):
    """The app jobs run in when no app context is active (`crm worker` sets it once)."""
    global _worker_app
    _worker_app = app


def worker_app():
    """The app jobs run in: the current one, else the one `crm worker` set (made on first use)."""
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:
        from crm_platform import create_app

        use_app(create_app())
    return _worker_app


def error_summary(exc, limit=4000):
    """The exception and the last frames of its traceback, short enough to show a user."""
    text = "".join(traceback.format_exception(exc, limit=-5))
    return text if len(text) <= limit else "…" + text[-limit:]


@dataclass(frozen=True)
class Claim:
    """What a run claimed: the row, under this RQ id (None outside RQ without one) and attempt number."""

    job_id: int
    rq_id: str | None
    attempt: int

    def criteria(self):
        """WHERE criteria matching the row only while this run still owns it."""
        return (Job.id == self.job_id, Job.status == "running", _rq_id_is(self.rq_id), Job.attempts == self.attempt)


def _rq_id_is(rq_id):
    """The criterion `Job.rq_id` equals `rq_id`, None included."""
    return Job.rq_id.is_(None) if rq_id is None else Job.rq_id == rq_id


def run_job(job_id, tenant_id):
    """Run job `job_id` of tenant `tenant_id`; the row records running, progress, then the outcome.

    Returns the handler's result, or None when the run did not happen or was
    superseded by a newer run of the row; RQ then records its job as finished,
    since the row (the source of truth) belongs to the newer run.
    """
    # A new app context is a new Flask-SQLAlchemy session: nothing from the
    # previous job (or another tenant) sits in the identity map.
    app = worker_app()
    with app.app_context():
        with tenant_scope(tenant_id):
            job = db.session.get(Job, job_id)
            if job is None:
                log.warning("job %s of tenant %s is gone; nothing to run", job_id, tenant_id)
                return None
            user_id = job.user_id
        with tenant_scope(tenant_id, user_id):
            user = db.session.get(User, user_id) if user_id is not None else None
            # What the job writes for people (errors, import reasons) is in its user's language.
            with force_locale(reader_locale(user, tenant_id)):
                claim = _claim(job, user)
                if claim is None:
                    return None
                with _heartbeat(app, tenant_id, claim):
                    return _run(job, tenant_id, user, claim)


def _refusal(job, user):
    """Why the queued row must not run at all (a message for its user), or None."""
    job_kind = get_kind(job.kind)
    module = disabled_module(job_kind) if job_kind is not None else None
    if module is not None:
        # Disabled after it was queued: the plugin's jobs do not run for this workspace.
        return _("The module %(name)s is disabled for this workspace, so this job did not run.", name=module)
    if job.user_id is not None and (user is None or not user.active):
        # A job acts as its user (visibility, ownership of what it creates); a
        # deactivated account must not keep acting through jobs queued earlier.
        return _("The user who started this job was deactivated or removed, so this job did not run.")
    return None


def _claim(job, user):
    """Mark the queued row running, unless it is not ours to run; the Claim when this worker runs it, else None.

    The update is conditional, so of two RQ jobs for one row (recovery re-queued a
    row whose old RQ job turns up after all) only the row's current one runs it,
    and a row that recovery or a user has settled meanwhile is left alone. Outside
    RQ (a direct call) the row's RQ id and attempt count as read stand in for it.
    """
    current = get_current_job()
    rq_id = current.id if current is not None else job.rq_id
    # Read once: the commits below expire `job`, and a reload would see this claim's own attempt.
    job_id, attempts = job.id, job.attempts
    conditions = (Job.id == job_id, Job.status == "queued", _rq_id_is(rq_id), Job.attempts == attempts)
    refusal = _refusal(job, user)
    if refusal is not None:
        db.session.execute(update(Job).where(*conditions).values(status="failed", error=refusal,
                                                                 finished_at=utcnow()))
        db.session.commit()
        return None
    now = utcnow()
    claimed = db.session.execute(update(Job).where(*conditions).values(
        status="running", started_at=now, heartbeat_at=now, attempts=attempts + 1, error=None,
        finished_at=None)).rowcount
    db.session.commit()
    if not claimed:
        log.warning("job %s is no longer queued under RQ job %s; not running it again", job_id, rq_id or "-")
        return None
    return Claim(job_id, rq_id, attempts + 1)


def _write(claim, **values):
    """Write columns of the claimed row with the session's work and commit; False (all rolled back) if not ours now."""
    matched = db.session.execute(update(Job).where(*claim.criteria()).values(**values)
                                 .execution_options(synchronize_session=False)).rowcount
    if not matched:
        db.session.rollback()
        return False
    db.session.commit()
    return True


@contextmanager
def _heartbeat(app, tenant_id, claim):
    """Write the row's heartbeat_at every CRM_JOB_HEARTBEAT_SECONDS from a daemon thread while the block runs.

    A running row whose heartbeat stops belongs to a worker that died
    (jobs/recovery.py). The thread has its own app context, hence its own session
    and short transactions, and never touches the job's own session. It stops
    once the row is no longer this run's: a superseded run must not keep the
    newer run's row looking alive.
    """
    every = float(app.config["CRM_JOB_HEARTBEAT_SECONDS"])
    stop = threading.Event()

    def beat():
        """Beat until told to stop or the row is no longer this run's."""
        with app.app_context(), tenant_scope(tenant_id):
            while not stop.wait(every):
                try:
                    matched = db.session.execute(update(Job).where(*claim.criteria())
                                                 .values(heartbeat_at=utcnow())).rowcount
                    db.session.commit()
                except SQLAlchemyError:  # e.g. SQLite busy with the job's own write: the next beat will do
                    db.session.rollback()
                    log.warning("job %s: could not write its heartbeat", claim.job_id, exc_info=True)
                    continue
                if not matched:
                    log.info("job %s: no longer this run's (superseded or settled); heartbeat stopped",
                             claim.job_id)
                    return

    thread = threading.Thread(target=beat, name=f"crm-job-{claim.job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 10)


def _superseded(claim, kind, tenant_id):
    """Log that a newer run owns the row, so this run ended without writing to it."""
    log.info("job %s (%s) of tenant %s: a newer run owns the row (RQ job %s, attempt %s was superseded); "
             "this run stopped without writing", claim.job_id, kind, tenant_id, claim.rq_id or "-", claim.attempt)


def _run(job, tenant_id, user, claim):
    """Run the claimed row's handler and record its outcome, unless a newer run took the row over meanwhile."""
    kind, params = job.kind, dict(job.params or {})

    def progress(done, total=None):
        """Record `done` of `total` and commit the work done so far with it; JobSuperseded when not ours now."""
        done = int(done)
        # Never backwards: a run started again from scratch keeps the bar where it was until it passes it.
        values = {"progress_done": case((Job.progress_done > done, Job.progress_done), else_=done)}
        if total is not None:
            values["progress_total"] = int(total)
        if not _write(claim, **values):
            raise JobSuperseded(_("A newer run of this job took over; this run stopped."))

    try:
        job_kind = get_kind(kind)
        if job_kind is None:
            raise LookupError(f"no handler is registered for job kind {kind!r}")
        result = job_kind.handler(JobContext(claim.job_id, tenant_id, user, params, progress))
    except JobSuperseded as exc:
        db.session.rollback()
        # Still ours: what took over is another row's run (not a newer run of
        # this one), so this row is settled rather than left running for
        # recovery to mistake for a dead worker's.
        if _write(claim, status="failed", error=str(exc), finished_at=utcnow()):
            log.info("job %s (%s) of tenant %s stopped: %s", claim.job_id, kind, tenant_id, exc)
        else:
            _superseded(claim, kind, tenant_id)
        return None
    except Exception as exc:
        db.session.rollback()
        if not _write(claim, status="failed", error=error_summary(exc), finished_at=utcnow()):
            _superseded(claim, kind, tenant_id)
            return None
        log.exception("job %s (%s) of tenant %s failed", claim.job_id, kind, tenant_id)
        raise  # RQ keeps it in its failed registry too
    if not _write(claim, status="finished", result=result, finished_at=utcnow(),
                  progress_done=func.coalesce(Job.progress_total, Job.progress_done)):
        _superseded(claim, kind, tenant_id)
        return None
    return result
