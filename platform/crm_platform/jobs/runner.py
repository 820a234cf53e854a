"""What a worker runs: one job, by id, in its tenant's scope with a fresh session."""
import logging
import threading
import traceback
from contextlib import contextmanager

from flask import current_app, has_app_context
from flask_babel import gettext as _
from rq import get_current_job
from sqlalchemy import update
from sqlalchemy.exc import SQLAlchemyError

from crm_platform.extensions import db
from crm_platform.jobs.kinds import JobContext, get_kind
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


def run_job(job_id, tenant_id):
    """Run job `job_id` of tenant `tenant_id`; the row records running, progress, then the outcome."""
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
            if not _claim(job):
                return None
            with _heartbeat(app, job_id, tenant_id):
                return _run(job, tenant_id)


def _set(job_id, **values):
    """Write columns of the job row and commit (a short transaction)."""
    db.session.execute(update(Job).where(Job.id == job_id).values(**values))
    db.session.commit()


def _claim(job):
    """Mark the queued row running, unless it is not ours to run; True when this worker runs it.

    The update is conditional, so of two RQ jobs for one row (recovery re-queued a
    row whose old RQ job turns up after all) only the row's current one runs it,
    and a row that recovery or a user has settled meanwhile is left alone.
    """
    current = get_current_job()
    conditions = [Job.id == job.id, Job.status == "queued"]
    if current is not None:
        conditions.append(Job.rq_id == current.id)
    job_kind = get_kind(job.kind)
    module = disabled_module(job_kind) if job_kind is not None else None
    if module is not None:
        # Disabled after it was queued: the plugin's jobs do not run for this workspace.
        message = _("The module %(name)s is disabled for this workspace, so this job did not run.", name=module)
        db.session.execute(update(Job).where(*conditions).values(status="failed", error=message,
                                                                 finished_at=utcnow()))
        db.session.commit()
        return False
    now = utcnow()
    claimed = db.session.execute(update(Job).where(*conditions).values(
        status="running", started_at=now, heartbeat_at=now, attempts=Job.attempts + 1, error=None,
        finished_at=None)).rowcount
    db.session.commit()
    if not claimed:
        log.warning("job %s is no longer queued under RQ job %s; not running it again", job.id,
                    current.id if current is not None else "-")
    return bool(claimed)


@contextmanager
def _heartbeat(app, job_id, tenant_id):
    """Write the row's heartbeat_at every CRM_JOB_HEARTBEAT_SECONDS from a daemon thread while the block runs.

    A running row whose heartbeat stops belongs to a worker that died
    (jobs/recovery.py). The thread has its own app context, hence its own session
    and short transactions, and never touches the job's own session.
    """
    every = float(app.config["CRM_JOB_HEARTBEAT_SECONDS"])
    stop = threading.Event()

    def beat():
        with app.app_context(), tenant_scope(tenant_id):
            while not stop.wait(every):
                try:
                    db.session.execute(update(Job).where(Job.id == job_id, Job.status == "running")
                                       .values(heartbeat_at=utcnow()))
                    db.session.commit()
                except SQLAlchemyError:  # e.g. SQLite busy with the job's own write: the next beat will do
                    db.session.rollback()
                    log.warning("job %s: could not write its heartbeat", job_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"crm-job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 10)


def _run(job, tenant_id):
    job_id, kind, params = job.id, job.kind, dict(job.params or {})

    def progress(done, total=None):
        """Record `done` of `total` and commit the work done so far with it."""
        values = {"progress_done": int(done)}
        if total is not None:
            values["progress_total"] = int(total)
        _set(job_id, **values)

    try:
        job_kind = get_kind(kind)
        if job_kind is None:
            raise LookupError(f"no handler is registered for job kind {kind!r}")
        user = db.session.get(User, job.user_id) if job.user_id is not None else None
        result = job_kind.handler(JobContext(job_id, tenant_id, user, params, progress))
    except Exception as exc:
        db.session.rollback()
        _set(job_id, status="failed", error=error_summary(exc), finished_at=utcnow())
        log.exception("job %s (%s) of tenant %s failed", job_id, kind, tenant_id)
        raise  # RQ keeps it in its failed registry too
    db.session.refresh(job)
    done = job.progress_total if job.progress_total is not None else job.progress_done
    _set(job_id, status="finished", result=result, progress_done=done, finished_at=utcnow())
    return result
