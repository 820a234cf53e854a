"""The jobs page: the user's jobs with live progress bars."""
from datetime import datetime

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from werkzeug.exceptions import BadRequest

from crm_platform.api.pagination import keyset_page
from crm_platform.customers.export import is_downloadable
from crm_platform.imports.kinds import import_job_kinds
from crm_platform.jobs.access import READ_ANY_PERMISSION, listed_jobs
from crm_platform.jobs.kinds import get_kind
from crm_platform.models import Job
from crm_platform.roles import has_permission

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


def kind_label(name):
    """A kind's label for people, or its name when it is not registered here."""
    kind = get_kind(name)
    return kind.label if kind else name


@bp.route("/")
@login_required
def index():
    """The signed-in user's jobs, or (?scope=workspace, admins) the workspace's scheduled ones, newest first.

    Unfinished jobs poll the API for progress.
    """
    scope = "workspace" if request.args.get("scope") == "workspace" else "mine"
    select_jobs = listed_jobs(scope)  # 403 for a non-admin asking for the workspace's
    cursor = request.args.get("cursor")
    try:
        # Ids are random (opaque_ids.py): creation time orders, the id breaks ties.
        jobs, next_cursor = keyset_page(select_jobs, [Job.created_at, Job.id], True, cursor, 50, types=[datetime, int])
    except BadRequest:
        jobs, next_cursor, cursor = [], None, None
    return render_template("jobs/index.html", jobs=jobs, next_cursor=next_cursor, on_later_page=bool(cursor),
                           scope=scope, sees_workspace=has_permission(current_user, READ_ANY_PERMISSION),
                           kind_label=kind_label, is_downloadable=is_downloadable, import_kinds=import_job_kinds())
