"""Pages of the assign feature: a task's candidates (also a section of the task page) and the assign form's target."""
import re

from flask import abort, flash, redirect, render_template, request, url_for

from crm_platform.sdk import current_user, db, gettext as _, local_next, page_login_required

from plugins.task_dispatch.assign import service
from plugins.task_dispatch.assign.hooks import section_context
from plugins.task_dispatch.blueprints import page_blueprint
from plugins.task_dispatch.tasks.visibility import task_or_404

bp = page_blueprint("assign", __name__)

USER_ID = re.compile(r"^[0-9]{1,18}$")
"""A posted user id: ASCII digits that fit a database integer (str.isdigit() also takes '²')."""


@bp.route("/tasks/<int:task_id>")
@page_login_required
def candidates(task_id):
    """A task's candidates with their score bars and breakdown, "why not?" for the others, and its explanations."""
    task = task_or_404(current_user, task_id)
    return render_template("task_dispatch/assign/candidates.html", task=task, **section_context(task, current_user))


@bp.route("/tasks/<int:task_id>", methods=["POST"])
@page_login_required
def assign(task_id):
    """Give the task to the posted `user_id` (with a `reason` when not the top candidate); back to `next`."""
    task = task_or_404(current_user, task_id)
    posted = request.form.get("user_id", "").strip()
    if not USER_ID.match(posted):
        abort(400)
    try:
        row = service.assign(current_user, task, int(posted), "manual", reason=request.form.get("reason"))
    except service.AssignRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(_("Task %(number)s assigned (rank %(rank)s of %(count)s).", number=task.number, rank=row.rank,
                count=row.candidates), "success")
    return redirect(local_next(request.form.get("next"), url_for("dispatch_tasks.detail", task_id=task_id)))
