"""What a worker runs: one job, by id, in its tenant's scope with a fresh session."""
import logging
import traceback

from flask import current_app, has_app_context
from sqlalchemy import update

from crm_platform.extensions import db
from crm_platform.jobs.kinds import JobContext, get_kind
from crm_platform.models import Job, User
from crm_platform.models.base import utcnow
from crm_platform.tenancy import tenant_scope

log = logging.getLogger("crm.jobs")

_worker_app = None


def use_app(app):
    """The app jobs run in when no app context is active (`crm worker` sets it once)."""
    global _worker_app
    _worker_app = app


def _app():
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
    with _app().app_context():
        with tenant_scope(tenant_id):
            job = db.session.get(Job, job_id)
            if job is None:
                log.warning("job %s of tenant %s is gone; nothing to run", job_id, tenant_id)
                return None
            user_id = job.user_id
        with tenant_scope(tenant_id, user_id):
            return _run(job, tenant_id)


def _set(job_id, **values):
    """Write columns of the job row and commit (a short transaction)."""
    db.session.execute(update(Job).where(Job.id == job_id).values(**values))
    db.session.commit()


def _run(job, tenant_id):
    job_id, kind, params = job.id, job.kind, dict(job.params or {})
    _set(job_id, status="running", started_at=utcnow(), heartbeat_at=utcnow(), attempts=Job.attempts + 1,
         error=None, finished_at=None)

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
