"""API of the board feature, under /api/v1/dispatch/: the unassigned tasks, workload and fairness.

Every route needs `dispatch.dispatch`; what it covers is what the caller may see
(tasks: tasks/visibility.py; people: everyone for all-scope roles, a manager's
unit subtree).
"""
from flask.views import MethodView

from crm_platform.sdk import ChartSchema, api_permission_required, current_user, lazy_gettext as _l

from plugins.task_dispatch.blueprints import api_blueprint
from plugins.task_dispatch.board.figures import chosen_unit, fairness_figures, load_chart, workload_figures
from plugins.task_dispatch.board.queries import board_page
from plugins.task_dispatch.board.schemas import (
    DispatchBoardPageSchema, DispatchBoardQuerySchema, DispatchFairnessSchema, DispatchWorkloadChartQuerySchema,
    DispatchWorkloadQuerySchema, DispatchWorkloadSchema,
)
from plugins.task_dispatch.permissions import DISPATCH
from plugins.task_dispatch.tasks.queries import customer_names

blp = api_blueprint("board", __name__, _l("Task dispatch: board"))


@blp.route("/dispatch/board", endpoint="board")
class Board(MethodView):
    """The dispatch board."""

    decorators = [api_permission_required(DISPATCH)]

    @blp.arguments(DispatchBoardQuerySchema, location="query")
    @blp.response(200, DispatchBoardPageSchema)
    def get(self, args):
        """Unassigned tasks the caller may see, soonest due first (none last), by priority, region, skill, customer."""
        items, next_cursor = board_page(current_user, args)
        names = customer_names(task.customer_id for task in items)
        return {"items": [_with_customer(task, names) for task in items], "next_cursor": next_cursor}


@blp.route("/dispatch/workload", endpoint="workload")
class Workload(MethodView):
    """Workload per person and per unit."""

    decorators = [api_permission_required(DISPATCH)]

    @blp.arguments(DispatchWorkloadQuerySchema, location="query")
    @blp.response(200, DispatchWorkloadSchema)
    def get(self, args):
        """Capacity, open effort, capacity left and effort assigned in the fairness window, per person and unit."""
        return workload_figures(current_user, chosen_unit(current_user, args))


@blp.route("/dispatch/workload/chart", endpoint="workload_chart")
class WorkloadChart(MethodView):
    """The workload chart's numbers."""

    decorators = [api_permission_required(DISPATCH)]

    @blp.arguments(DispatchWorkloadChartQuerySchema, location="query")
    @blp.response(200, ChartSchema)
    def get(self, args):
        """Load against capacity per person or per unit (ChartSchema): capacity, open and assigned effort."""
        return load_chart(workload_figures(current_user, chosen_unit(current_user, args)), args["group"])


@blp.route("/dispatch/fairness", endpoint="fairness")
class Fairness(MethodView):
    """How evenly work was given."""

    decorators = [api_permission_required(DISPATCH)]

    @blp.arguments(DispatchWorkloadQuerySchema, location="query")
    @blp.response(200, DispatchFairnessSchema)
    def get(self, args):
        """The Gini coefficient of effort assigned in the window / capacity, overall and per unit."""
        return fairness_figures(workload_figures(current_user, chosen_unit(current_user, args)))


def _with_customer(task, names):
    """`task` carrying its customer's name, for its schema."""
    task.customer_name = names.get(str(task.customer_id))
    return task
