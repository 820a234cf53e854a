"""Jobs started by work that is not committed yet: the row is written with that work, the push waits for its commit.

`enqueue` commits at once, which a hook or signal receiver running inside
someone else's transaction must not do. `enqueue_on_commit` adds the job row to
the caller's transaction instead: a rollback drops it with everything else, and
once the transaction commits the job is pushed to the queue. A push that fails
(Redis down) leaves the row `queued`, which the tick's recovery pushes again
(jobs/recovery.py): the job is late, never lost.

SQLAlchemy fires its commit and rollback events for savepoints too (RELEASE and
ROLLBACK TO SAVEPOINT): only the outermost transaction's end pushes or drops the
jobs; a savepoint's rollback drops just the rows it added (the session expunges
them).
"""
import logging
from types import SimpleNamespace

from sqlalchemy import event

from crm_platform.extensions import db
from crm_platform.jobs.queue import JobsUnavailable, new_job, push
from crm_platform.tenancy import TenantSession

log = logging.getLogger("crm.jobs")

_PENDING = "crm_jobs_on_commit"
"""session.info key: the Job rows waiting for the session's commit."""
_PUSH = "crm_jobs_to_push"
"""session.info key: what the commit pushes (plain values: the rows expire with the commit)."""


def enqueue_on_commit(kind, user, params=None):
    """A job row of `kind` for `user` (None: the workspace) in the current transaction, pushed once it commits.

    Refuses an unknown kind (ValueError) and a disabled plugin's (JobKindDisabled,
    409) like `enqueue`. Never commits; returns the Job row (its id once flushed).
    """
    job = new_job(kind, user, params)
    db.session.info.setdefault(_PENDING, []).append(job)
    return job


@event.listens_for(TenantSession, "before_commit")
def _note_jobs(session):
    """Flush the waiting rows and keep what their push needs (at the outermost commit, not a savepoint's release)."""
    if session.in_nested_transaction():
        return
    jobs = [job for job in session.info.pop(_PENDING, []) if job in session]
    if jobs:
        session.flush()
        session.info.setdefault(_PUSH, []).extend(
            SimpleNamespace(id=job.id, tenant_id=job.tenant_id, kind=job.kind, rq_id=job.rq_id) for job in jobs)


@event.listens_for(TenantSession, "after_commit")
def _push_jobs(session):
    """The rows are committed: queue their runs (a savepoint's release commits nothing yet)."""
    if session.in_nested_transaction():
        return
    for job in session.info.pop(_PUSH, []):
        try:
            push(job)
        except JobsUnavailable:
            log.warning("job %s (%s) is committed but Redis is unreachable; the tick's recovery queues it",
                        job.id, job.kind)


@event.listens_for(TenantSession, "after_soft_rollback")
def _drop_jobs(session, previous_transaction):
    """A rolled-back transaction took its job rows with it (a savepoint's rollback only its own: see _note_jobs)."""
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_PUSH, None)
