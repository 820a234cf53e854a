"""Who may read which job (its owner, and the tenant's admins), and where admins may start the self-test."""
from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import Forbidden
from sqlalchemy import select

from crm_platform.extensions import db
from crm_platform.models import Job
from crm_platform.roles import has_permission

READ_ANY_PERMISSION = "users.manage"  # the admin's permission: admins oversee the workspace's jobs


def require_selftest_open():
    """403 unless this server lets tenant admins start the self-test (CRM_JOB_SELFTEST; unset: development and tests).

    A self-test can hold a worker for a minute, which is the operator's to
    spend: in production it is closed unless the operator opens it.
    """
    setting = current_app.config.get("CRM_JOB_SELFTEST")
    if setting is None:
        setting = current_app.testing or current_app.config.get("CRM_ENV") == "development"
    if not setting:
        raise Forbidden(_("The self-test job is turned off on this server; its operator can turn it on with "
                          "CRM_JOB_SELFTEST=1."))


def my_jobs():
    """The signed-in user's jobs (the tenant filter comes from the session)."""
    return select(Job).where(Job.user_id == current_user.id)


def workspace_jobs():
    """The jobs the workspace runs itself (no user: scheduled ones), for those who oversee them; 403 for others."""
    if not has_permission(current_user, READ_ANY_PERMISSION):
        raise Forbidden(_("Only administrators see the workspace's jobs."))
    return select(Job).where(Job.user_id.is_(None))


def listed_jobs(scope):
    """The select of the jobs list for `scope`: "mine" or "workspace"."""
    return workspace_jobs() if scope == "workspace" else my_jobs()


def readable_job_or_404(job_id):
    """The job if the signed-in user may read it; another user's (or tenant's) job is a 404."""
    job = db.session.get(Job, job_id)
    if job is None or (job.user_id != current_user.id and not has_permission(current_user, READ_ANY_PERMISSION)):
        abort(404)
    return job
