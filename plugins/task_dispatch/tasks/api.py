"""API of the tasks feature, under /api/v1/dispatch/tasks (documented in OpenAPI)."""
from flask.views import MethodView

from crm_platform.sdk import allowed_first, api_login_required, current_user, db, lazy_gettext as _l

from plugins.task_dispatch.blueprints import api_blueprint
from plugins.task_dispatch.tasks import queries, service
from plugins.task_dispatch.tasks.schemas import (
    DispatchTaskPageSchema, DispatchTaskQuerySchema, DispatchTaskRatingSchema, DispatchTaskSchema,
    DispatchTaskStatusSchema, DispatchTaskUpdateSchema,
)
from plugins.task_dispatch.tasks.visibility import task_or_404

blp = api_blueprint("tasks", __name__, _l("Task dispatch: tasks"))


@blp.route("/dispatch/tasks")
class Tasks(MethodView):
    """The tasks the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(DispatchTaskQuerySchema, location="query")
    @blp.response(200, DispatchTaskPageSchema)
    def get(self, args):
        """List tasks by due time (or newest first), by status, priority, region, customer, assignee, due day."""
        items, next_cursor = queries.task_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}

    @blp.arguments(DispatchTaskSchema)
    @blp.response(201, DispatchTaskSchema)
    def post(self, data):
        """Create a task (unassigned; the policy may give it to its top candidate at once)."""
        task = service.create_task(current_user, data)
        db.session.commit()
        return task


@blp.route("/dispatch/tasks/<int:task_id>")
class TaskItem(MethodView):
    """One task."""

    decorators = [api_login_required]

    @blp.response(200, DispatchTaskSchema)
    def get(self, task_id):
        """Read a task."""
        return task_or_404(current_user, task_id)

    @allowed_first(lambda task_id: service.require_edit(current_user, task_or_404(current_user, task_id)),
                   into="task")
    @blp.arguments(DispatchTaskUpdateSchema)
    @blp.response(200, DispatchTaskSchema)
    def patch(self, data, task_id, task):
        """Change an open task (its creator or a dispatcher)."""
        task = service.update_task(current_user, task, data)
        db.session.commit()
        return task


@blp.route("/dispatch/tasks/<int:task_id>/status")
class TaskStatus(MethodView):
    """The task's workflow."""

    decorators = [api_login_required]

    @blp.arguments(DispatchTaskStatusSchema)
    @blp.response(200, DispatchTaskSchema)
    def post(self, data, task_id):
        """Start (in_progress), finish (done, with outcome and rating) or cancel (cancelled) the task."""
        task = task_or_404(current_user, task_id)
        service.change_status(current_user, task, data["status"], rating=data.get("rating"),
                              outcome=data.get("outcome"))
        db.session.commit()
        return task


@blp.route("/dispatch/tasks/<int:task_id>/rating")
class TaskRating(MethodView):
    """How well a finished task was done."""

    decorators = [api_login_required]

    @allowed_first(lambda task_id: service.require_rater(current_user, task_or_404(current_user, task_id)),
                   into="task")
    @blp.arguments(DispatchTaskRatingSchema)
    @blp.response(200, DispatchTaskSchema)
    def post(self, data, task_id, task):
        """Rate a finished task 1 to 5 (its creator or a dispatcher, not its assignee); feeds performance."""
        task = service.rate_task(current_user, task, data["rating"])
        db.session.commit()
        return task
