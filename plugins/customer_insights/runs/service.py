"""Starting a computation (one at a time per workspace) and reading the runs, for the API and the pages alike."""
from datetime import datetime

from flask import abort, url_for
from sqlalchemy import select
from werkzeug.exceptions import Conflict

from crm_platform.sdk import User, active_job, current_user, db, enqueue, gettext as _, has_permission, keyset_page

from plugins.customer_insights.models import Run
from plugins.customer_insights.permissions import CONFIGURE
from plugins.customer_insights.runs.jobs import KIND


def start(user, as_of=None):
    """Queue a computation of the workspace's figures for `user`: the job (202).

    Conflict (409) while one is queued or running (the nightly one included);
    the SDK's JobsUnavailable (503) when background jobs are down, nothing started.
    """
    if active_job(KIND) is not None:
        raise Conflict(_("A computation is already under way for this workspace; wait for it to finish."))
    return enqueue(KIND, user, {"as_of": as_of.isoformat()} if as_of else {})


def started(job):
    """What the API answers when a computation was queued: the job, the runs page and the jobs page."""
    return {"job_id": job.id, "status": job.status, "runs_page": url_for("insights_runs.index"),
            "job_page": url_for("jobs.index")}


def under_way():
    """The workspace's queued or running computation (a core Job), or None."""
    return active_job(KIND)


def runs_page(cursor, limit):
    """A page of the workspace's runs, newest first: (runs, next cursor). BadRequest for a cursor not ours."""
    # Ids are random: the start time orders, the id breaks ties.
    return keyset_page(select(Run), [Run.started_at, Run.id], True, cursor, limit, types=[datetime, int])


def run_or_404(run_id):
    """One of the workspace's runs; another workspace's is the same 404 as a missing one."""
    run = db.session.get(Run, run_id)
    if run is None:
        abort(404)
    return run


def last_done():
    """The workspace's latest finished run (the figures people see come from it), or None."""
    return db.session.scalars(select(Run).where(Run.status == "done")
                              .order_by(Run.started_at.desc(), Run.id.desc()).limit(1)).first()


def may_configure(user=None):
    """Whether `user` (default: the signed-in one) sees workspace-wide counts and fitted models and starts runs."""
    return has_permission(user or current_user, CONFIGURE)


def described(run, full):
    """`run` as the API and the page show it; `full` adds the workspace-wide counts, fitted models and the error.

    Those cover every customer of the workspace, so only those who configure
    the module see them (every other figure counts only what the viewer may see).
    """
    shown = {"id": run.id, "as_of": run.as_of, "status": run.status, "job_id": int(run.job_id) if run.job_id else None,
             "started_by_id": run.started_by_id, "started_at": run.started_at, "finished_at": run.finished_at,
             "customers": None, "purchases": None, "models": None, "error": None}
    if full:
        shown.update(customers=run.customers, purchases=run.purchases, models=run.models or {}, error=run.error)
    return shown


def starters(runs):
    """{user id: name} of the people who started `runs`."""
    ids = {run.started_by_id for run in runs if run.started_by_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())
