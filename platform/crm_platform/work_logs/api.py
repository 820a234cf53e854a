"""API of work logs and weekly plans: the caller's remit's, writing one's own, and comments."""
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from crm_platform.api.auth import allowed_first, login_required
from crm_platform.work_logs import service
from crm_platform.work_logs.access import readable_work_log_or_404, require_author
from crm_platform.work_logs.schemas import (
    WorkLogCommentPageSchema, WorkLogCommentQuerySchema, WorkLogCommentSchema, WorkLogMissingQuerySchema,
    WorkLogPageSchema, WorkLogPatchSchema, WorkLogQuerySchema, WorkLogSchema, WorkLogTeamDaySchema,
)
from crm_platform.workspace.clock import workspace_today

blp = Blueprint("work_logs_api", __name__, description="Daily work logs and weekly plans; managers read and comment "
                "on their unit subtree's")


@blp.route("/work-logs")
class WorkLogs(MethodView):
    """The work logs and plans the caller may read."""

    @login_required
    @blp.arguments(WorkLogQuerySchema, location="query")
    @blp.response(200, WorkLogPageSchema)
    def get(self, args):
        """List logs and plans, latest day first: the caller's own, and their remit's for managers and executives."""
        items, cursor = service.log_page(current_user, args)
        return {"items": items, "next_cursor": cursor}

    @login_required
    @blp.arguments(WorkLogSchema)
    @blp.response(201, WorkLogSchema)
    def post(self, data):
        """Write the caller's log for a day (default today) or plan for a week; 409 when it is already written."""
        return service.create(current_user, data["kind"], data["day"], data["body"])


@blp.route("/work-logs/missing")
@login_required
@blp.arguments(WorkLogMissingQuerySchema, location="query")
@blp.response(200, WorkLogTeamDaySchema)
def missing(args):
    """Who in the caller's remit (themselves included) has not written the day's log."""
    day = args.get("day") or workspace_today()
    return {"day": day, "missing": service.missing_daily_logs(current_user, day)}


@blp.route("/work-logs/<int:work_log_id>")
class WorkLogItem(MethodView):
    """One log or plan the caller may read."""

    @login_required
    @blp.response(200, WorkLogSchema)
    def get(self, work_log_id):
        """Read a log or plan with its comment count."""
        return service.with_comment_counts([readable_work_log_or_404(current_user, work_log_id)])[0]

    @login_required
    @allowed_first(lambda work_log_id: require_author(
        current_user, readable_work_log_or_404(current_user, work_log_id)), into="work_log")
    @blp.arguments(WorkLogPatchSchema)
    @blp.response(200, WorkLogSchema)
    def patch(self, data, work_log_id, work_log):
        """Change the text of the caller's own log or plan (403 for a colleague's the caller may read)."""
        return service.update(current_user, work_log, data["body"])


@blp.route("/work-logs/<int:work_log_id>/comments")
class WorkLogComments(MethodView):
    """The comments on a log or plan."""

    @login_required
    @blp.arguments(WorkLogCommentQuerySchema, location="query")
    @blp.response(200, WorkLogCommentPageSchema)
    def get(self, args, work_log_id):
        """List the comments, oldest first."""
        items, cursor = service.comment_page(readable_work_log_or_404(current_user, work_log_id), args)
        return {"items": items, "next_cursor": cursor}

    @login_required
    @blp.arguments(WorkLogCommentSchema)
    @blp.response(201, WorkLogCommentSchema)
    def post(self, data, work_log_id):
        """Comment on a log the caller may read: a manager's remark or the author's reply."""
        return service.comment(current_user, readable_work_log_or_404(current_user, work_log_id), data["body"])
