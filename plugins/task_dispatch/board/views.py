"""Pages of the board feature: the dispatch board (unassigned tasks, candidates, fairness) and the workload view."""
from flask import render_template, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import (
    current_user, field_errors, lazy_gettext as _l, list_page, page_permission_required, query_input,
)

from plugins.task_dispatch.assign.hooks import section_context
from plugins.task_dispatch.blueprints import page_blueprint
from plugins.task_dispatch.board.figures import chosen_unit, fairness_figures, load_chart, workload_figures
from plugins.task_dispatch.board.queries import board_page, filter_choices
from plugins.task_dispatch.board.schemas import DispatchBoardQuerySchema, DispatchWorkloadQuerySchema
from plugins.task_dispatch.board.workload import unit_choices
from plugins.task_dispatch.permissions import DISPATCH
from plugins.task_dispatch.tasks.labels import PRIORITY_LABELS
from plugins.task_dispatch.tasks.queries import customer_names
from plugins.task_dispatch.tasks.visibility import task_or_404

bp = page_blueprint("board", __name__)

FILTERS = ("priority", "region", "skill", "customer_id", "due_before", "limit", "cursor")
CHARTS = (
    # group, title, the table's first column
    ("person", _l("Load and capacity per person"), _l("Person")),
    ("unit", _l("Load and capacity per org unit"), _l("Org unit")),
)


@bp.route("/")
@page_permission_required(DISPATCH)
def index():
    """The unassigned tasks the user may see, filtered, to pick for batch optimisation; a chosen task's candidates
    (`?task=<id>`) to assign; fairness overall and per unit."""
    raw = query_input(request.args, FILTERS)
    rows, next_cursor, problem = list_page(DispatchBoardQuerySchema(), raw,
                                           lambda args: board_page(current_user, args))
    choices = filter_choices(current_user)
    page = render_template("task_dispatch/board/index.html", rows=rows, next_cursor=next_cursor, problem=problem,
                           filters={key: value for key, value in raw.items() if key != "cursor"},
                           on_later_page="cursor" in raw, choices=choices, skill_names=dict(choices["skills"]),
                           customers=customer_names(task.customer_id for task in rows), priorities=PRIORITY_LABELS,
                           fairness=fairness_figures(workload_figures(current_user)), **_selected())
    return page, 400 if problem else 200


def _selected():
    """The task chosen with `?task=<id>` and its candidates (the assign feature's section); the same 404 as a
    missing id for another workspace's or an invisible one; nothing chosen without the parameter."""
    task_id = request.args.get("task", type=int)
    if task_id is None:
        return {"selected": None}
    task = task_or_404(current_user, task_id)
    return {"selected": task, **section_context(task, current_user)}


@bp.route("/workload")
@page_permission_required(DISPATCH)
def workload():
    """Workload per person and per unit of the unit chosen, with the chart of load against capacity."""
    raw = query_input(request.args, ("unit_id",))
    errors = {}
    try:
        unit_id = chosen_unit(current_user, DispatchWorkloadQuerySchema().load(raw))
    except ValidationError as err:
        errors, unit_id = field_errors(err), None
    figures = workload_figures(current_user, unit_id)
    shown = {"unit_id": unit_id} if unit_id is not None else {}
    charts = [{"id": f"load-{group}", "title": title, "category_label": label, "data": load_chart(figures, group),
               "api_url": url_for("dispatch_board_api.workload_chart", group=group, **shown)}
              for group, title, label in CHARTS]
    # Indented under their parent, as the org chart shows them.
    units = [(unit, "\u00a0\u00a0" * depth + name) for unit, name, depth in unit_choices(current_user)]
    page = render_template("task_dispatch/board/workload.html", figures=figures, charts=charts, units=units,
                           fairness=fairness_figures(figures), filters=raw, errors=errors)
    return page, 400 if errors else 200
