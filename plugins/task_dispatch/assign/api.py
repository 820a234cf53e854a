"""API of the assign feature, under /api/v1/dispatch/tasks/<task_id>/: candidates, assigning, stored explanations."""
from datetime import datetime

from flask.views import MethodView
from flask_smorest import abort
from sqlalchemy import select

from crm_platform.sdk import api_login_required, current_user, db, keyset_page, lazy_gettext as _l

from plugins.task_dispatch.assign import service
from plugins.task_dispatch.assign.candidates import candidates_view
from plugins.task_dispatch.assign.schemas import (
    DispatchAssignInputSchema, DispatchAssignmentPageSchema, DispatchAssignmentQuerySchema, DispatchAssignmentSchema,
    DispatchCandidatesQuerySchema, DispatchCandidatesSchema,
)
from plugins.task_dispatch.blueprints import api_blueprint
from plugins.task_dispatch.models import Assignment
from plugins.task_dispatch.tasks.visibility import task_or_404

blp = api_blueprint("assign", __name__, _l("Task dispatch: assign"))


@blp.route("/dispatch/tasks/<int:task_id>/candidates")
class Candidates(MethodView):
    """Who may take a task, best first, and why the others may not."""

    decorators = [api_login_required]

    @blp.arguments(DispatchCandidatesQuerySchema, location="query")
    @blp.response(200, DispatchCandidatesSchema)
    def get(self, args, task_id):
        """The top candidates (setting candidates_shown) with total and per-factor breakdown, and "why not?".

        With `user_id`, only that person: their score or the rules refusing them.
        Without the dispatch permission, only the caller's own entry.
        """
        task = task_or_404(current_user, task_id)
        return candidates_view(current_user, service.recommend(current_user, task), args["user_id"], args["limit"])


@blp.route("/dispatch/tasks/<int:task_id>/assign")
class Assign(MethodView):
    """Giving a task to someone by hand."""

    decorators = [api_login_required]

    @blp.arguments(DispatchAssignInputSchema)
    @blp.response(201, DispatchAssignmentSchema)
    @blp.alt_response(403, description="Only dispatchers give tasks to others.")
    @blp.alt_response(409, description="A hard rule refuses the person (the message names it), or the task is closed.")
    @blp.alt_response(422, description="Someone other than the top candidate was chosen without a reason.")
    def post(self, data, task_id):
        """Assign the task to `user_id` (anyone but the top candidate needs a `reason`); the stored explanation."""
        task = task_or_404(current_user, task_id)
        try:
            row = service.assign(current_user, task, data["user_id"], "manual", reason=data["reason"])
        except service.ReasonNeeded as refusal:
            db.session.rollback()
            abort(422, message=str(refusal), messages={"json": {"reason": [str(refusal)]}})
        except service.AssignRefused as refusal:
            db.session.rollback()
            abort(409, message=str(refusal))
        db.session.commit()
        return row


@blp.route("/dispatch/tasks/<int:task_id>/assignments")
class Assignments(MethodView):
    """Every assignment of a task with its stored explanation."""

    decorators = [api_login_required]

    @blp.arguments(DispatchAssignmentQuerySchema, location="query")
    @blp.response(200, DispatchAssignmentPageSchema)
    def get(self, args, task_id):
        """The task's assignments, newest first (anyone who may see the task)."""
        task = task_or_404(current_user, task_id)
        items, next_cursor = keyset_page(select(Assignment).where(Assignment.task_id == task.id),
                                         [Assignment.created_at, Assignment.id], True, args.get("cursor"),
                                         args["limit"], types=[datetime, int])
        return {"items": items, "next_cursor": next_cursor}
