"""Batch optimisation pages under /dispatch/batch: choose unassigned tasks, preview the optimal plan, commit it."""
import os

from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest

from crm_platform.sdk import (
    Blueprint, QuerySchema, current_user, gettext as _, list_page, page_permission_required, query_input,
)

from plugins.task_dispatch.batch import service
from plugins.task_dispatch.blueprints import TEMPLATES
from plugins.task_dispatch.permissions import DISPATCH

STATIC = os.path.join(os.path.dirname(os.path.dirname(__file__)), "static")

# Made like page_blueprint's, plus the module's static folder for the "choose all" checkbox's script.
bp = Blueprint("dispatch_batch", __name__, url_prefix="/dispatch/batch", template_folder=TEMPLATES,
               static_folder=STATIC, static_url_path="/static")


def _index(problem=None, status=200):
    """The batch page: unassigned tasks to tick, the user's recent batches, and `problem` when the last try failed."""
    raw = query_input(request.args, ("cursor",))
    tasks, next_cursor, list_problem = list_page(QuerySchema(), raw,
                                                 lambda args: service.unassigned_page(current_user, args))
    page = render_template("task_dispatch/batch/index.html", tasks=tasks, next_cursor=next_cursor,
                           on_later_page="cursor" in raw, problem=problem or list_problem,
                           batches=service.recent_batches(current_user), max_tasks=service.MAX_TASKS)
    return page, 400 if list_problem else status


@bp.route("/")
@page_permission_required(DISPATCH)
def index():
    """Choose unassigned tasks to optimise together; the user's recent batches."""
    return _index()


@bp.route("/", methods=["POST"])
@page_permission_required(DISPATCH)
def create():
    """Preview the optimal plan for the ticked tasks (400 beyond the largest batch or with none usable)."""
    try:
        task_ids = [int(value) for value in request.form.getlist("task_ids")]
        batch = service.preview_batch(current_user, task_ids)
    except ValueError:
        return _index(_("Choose tasks from the list."), 400)
    except BadRequest as refused:
        return _index(refused.description, 400)
    except ValidationError as refused:
        return _index(" ".join(refused.normalized_messages().get("task_ids", [])), 400)
    return redirect(url_for(".detail", batch_id=batch.id))


@bp.route("/<int:batch_id>")
@page_permission_required(DISPATCH)
def detail(batch_id):
    """The preview: per task the chosen person, score and rank; totals against greedy; solver; load; fairness."""
    batch = service.batch_or_404(current_user, batch_id)
    return render_template("task_dispatch/batch/detail.html", batch=batch, summary=batch.summary)


@bp.route("/<int:batch_id>/commit", methods=["POST"])
@page_permission_required(DISPATCH)
def commit(batch_id):
    """Assign the plan as previewed; if anything changed since, say what and leave every task as it was."""
    try:
        batch = service.commit_batch(current_user, batch_id)
    except service.BatchStale as stale:
        flash(stale.description, "error")
    except ValidationError as refused:
        flash(" ".join(refused.normalized_messages().get("status", [])), "error")
    else:
        assigned = sum(1 for row in batch.plan if row["user_id"] is not None)
        flash(_("Batch committed: %(count)s tasks assigned.", count=assigned), "success")
    return redirect(url_for(".detail", batch_id=batch_id))
