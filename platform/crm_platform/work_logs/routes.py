"""Work log pages: mine (write today's log and this week's plan), my team's, one log with its comments."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError

from crm_platform.forms import field_errors, form_input, list_page, query_input
from crm_platform.work_logs import service
from crm_platform.work_logs.access import (
    leads_a_team, readable_work_log_or_404, require_author, require_team_lead, team_members,
)
from crm_platform.work_logs.schemas import (
    WorkLogCommentSchema, WorkLogPatchSchema, WorkLogQuerySchema, WorkLogSchema,
)
from crm_platform.workspace.clock import workspace_today

bp = Blueprint("work_logs", __name__, url_prefix="/work-logs")

RECENT_DAYS = 14
RECENT_WEEKS = 6


def _render_mine(values=None, errors=None, status=200):
    """The signed-in user's page: the two forms, then their recent logs and plans."""
    today = workspace_today()
    values = values or {}
    for kind, day in (("daily", today), ("weekly", service.week_start(today))):
        log = service.own_log(current_user, kind, day)
        values.setdefault(kind, {"day": day.isoformat(), "body": log.body if log else ""})
    return render_template("work_logs/index.html", today=today, week=service.week_start(today), values=values,
                           errors=errors or {}, days=service.recent_own(current_user, "daily", RECENT_DAYS),
                           weeks=service.recent_own(current_user, "weekly", RECENT_WEEKS),
                           leads_a_team=leads_a_team(current_user)), status


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    """Show my recent logs and plans; write (or rewrite) the day's log or the week's plan."""
    if request.method == "GET":
        return _render_mine()
    values = form_input(request.form, ("kind", "day", "body"))
    try:
        data = WorkLogSchema().load(values)
    except ValidationError as err:
        kind = values.get("kind") if values.get("kind") in ("daily", "weekly") else "daily"
        return _render_mine({kind: values}, {kind: field_errors(err)}, 422)
    log, created = service.save(current_user, data["kind"], data["day"], data["body"])
    if log.kind == "weekly":
        flash(_("Weekly plan saved."), "success")
    else:
        flash(_("Work log saved.") if created else _("Work log updated."), "success")
    return redirect(url_for(".index"))


@bp.route("/team")
@login_required
def team():
    """My team's logs and plans (a manager's unit subtree; everyone's for executives), with who has not written today's."""
    require_team_lead(current_user)
    today = workspace_today()
    raw = query_input(request.args, ("user_id", "kind", "day_from", "day_to", "cursor"))
    items, next_cursor, problem = list_page(WorkLogQuerySchema(), raw,
                                            lambda args: service.log_page(current_user, args))
    if problem:
        flash(problem, "error")
    filters = {key: value for key, value in raw.items() if key != "cursor"}
    return render_template("work_logs/team.html", items=items, next_cursor=next_cursor, filters=filters,
                           on_later_page="cursor" in raw, people=team_members(current_user), today=today,
                           missing=service.missing_daily_logs(current_user, today)), 400 if problem else 200


def _render_detail(log, comment_values=None, comment_errors=None, status=200):
    """One log or plan with its comments and the comment form."""
    return render_template("work_logs/detail.html", log=log, comments=service.comments(log),
                           values=comment_values or {}, errors=comment_errors or {},
                           mine=log.user_id == current_user.id), status


@bp.route("/<int:work_log_id>")
@login_required
def detail(work_log_id):
    """Read a log or plan of mine or of my team, with its comments."""
    return _render_detail(readable_work_log_or_404(current_user, work_log_id))


@bp.route("/<int:work_log_id>/comments", methods=["POST"])
@login_required
def add_comment(work_log_id):
    """Comment on a log I may read: a manager's remark, or the author's reply."""
    log = readable_work_log_or_404(current_user, work_log_id)
    values = form_input(request.form, ("body",))
    try:
        data = WorkLogCommentSchema().load(values)
    except ValidationError as err:
        return _render_detail(log, values, field_errors(err), 422)
    service.comment(current_user, log, data["body"])
    flash(_("Comment added."), "success")
    return redirect(url_for(".detail", work_log_id=log.id))


@bp.route("/<int:work_log_id>/edit", methods=["GET", "POST"])
@login_required
def edit(work_log_id):
    """Rewrite one of my own logs or plans."""
    log = readable_work_log_or_404(current_user, work_log_id)
    require_author(current_user, log)
    if request.method == "GET":
        return render_template("work_logs/edit.html", log=log, values={"body": log.body}, errors={})
    values = form_input(request.form, ("body",))
    try:
        data = WorkLogPatchSchema().load(values)
    except ValidationError as err:
        return render_template("work_logs/edit.html", log=log, values=values, errors=field_errors(err)), 422
    service.update(current_user, log, data["body"])
    flash(_("Work log updated.") if log.kind == "daily" else _("Weekly plan saved."), "success")
    return redirect(url_for(".detail", work_log_id=log.id))
