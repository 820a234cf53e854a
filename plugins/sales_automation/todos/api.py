"""The to-dos API under /api/v1/sales/todos: list, add, read, change, finish and delete."""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, current_user

from plugins.sales_automation.blueprints import api_blueprint
from plugins.sales_automation.todos import service
from plugins.sales_automation.todos.schemas import (
    SalesTodoDoneSchema, SalesTodoPageSchema, SalesTodoQuerySchema, SalesTodoSchema, SalesTodoUpdateSchema,
)

blp = api_blueprint("todos", __name__, "Sales automation: follow-up to-dos")


@blp.route("/sales/todos")
class Todos(MethodView):
    """The to-dos the caller may see: their own, and those on records they may see."""

    decorators = [api_login_required]

    @blp.arguments(SalesTodoQuerySchema, location="query")
    @blp.response(200, SalesTodoPageSchema)
    def get(self, args):
        """List to-dos, soonest due first (open ones unless `status` says otherwise)."""
        items, next_cursor = service.todo_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}

    @blp.arguments(SalesTodoSchema)
    @blp.response(201, SalesTodoSchema)
    def post(self, data):
        """Add a to-do on one lead, opportunity or customer; the caller is its assignee unless one is named."""
        return service.create_todo(current_user, data)


@blp.route("/sales/todos/<int:todo_id>")
class TodoItem(MethodView):
    """One to-do."""

    decorators = [api_login_required]

    @blp.response(200, SalesTodoSchema)
    def get(self, todo_id):
        """Read a to-do."""
        return service.todo_or_404(current_user, todo_id)

    @blp.arguments(SalesTodoUpdateSchema)
    @blp.response(200, SalesTodoSchema)
    def patch(self, data, todo_id):
        """Change the title, notes, due date or assignee (assignee, creator, or who may change the record)."""
        return service.update_todo(current_user, service.todo_or_404(current_user, todo_id), data)

    @blp.response(204)
    def delete(self, todo_id):
        """Delete a to-do."""
        service.delete_todo(current_user, service.todo_or_404(current_user, todo_id))


@blp.route("/sales/todos/<int:todo_id>/done")
class TodoDone(MethodView):
    """Finishing a to-do."""

    decorators = [api_login_required]

    @blp.arguments(SalesTodoDoneSchema)
    @blp.response(200, SalesTodoSchema)
    def post(self, data, todo_id):
        """Mark it done; `log_activity` ({kind, outcome}) also logs that activity on its customer's timeline."""
        return service.finish_todo(current_user, service.todo_or_404(current_user, todo_id), data["log_activity"])
