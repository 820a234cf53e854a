"""Pages of the tasks feature under /dispatch/tasks: the list, my tasks, a task, its forms and workflow actions.

Visibility and the rules come from visibility.py and service.py, as for the API.
Action forms posted from other pages (my tasks, Today) carry a `next` path to go
back to; it is followed only when it is local.
"""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import (
    Markup, current_user, db, field_errors, gettext as _, list_page, local_next, page_login_required, query_input,
    utcnow,
)

from plugins.task_dispatch.blueprints import page_blueprint
from plugins.task_dispatch.catalogue.service import names as catalogue_names
from plugins.task_dispatch.models.tasks import OPEN_STATUSES
from plugins.task_dispatch.sections import TASK_SECTION_ORDER, task_sections
from plugins.task_dispatch.tasks import forms, queries, service
from plugins.task_dispatch.tasks.labels import PRIORITY_LABELS, STATUS_LABELS
from plugins.task_dispatch.tasks.requests import safe_url
from plugins.task_dispatch.tasks.schemas import (
    DispatchTaskQuerySchema, DispatchTaskRatingSchema, DispatchTaskSchema, DispatchTaskStatusSchema,
    DispatchTaskUpdateSchema,
)
from plugins.task_dispatch.tasks.visibility import task_or_404

bp = page_blueprint("tasks", __name__)

FILTERS = ("status", "priority", "region", "customer_id", "assignee_id", "due_to", "sort", "limit", "cursor")


@bp.app_template_global("dispatch_task_status")
def status_label(status):
    """The words for a task's status."""
    return STATUS_LABELS.get(status, status)


@bp.app_template_global("dispatch_task_priority")
def priority_label(priority):
    """The words for a task's priority."""
    return PRIORITY_LABELS.get(priority, priority)


@bp.app_template_global("dispatch_task_overdue")
def overdue(task):
    """Whether `task` is open past its due time."""
    return task.status in OPEN_STATUSES and task.due is not None and task.due < utcnow()


def back(fallback):
    """A redirect to the form's `next` when it is local, else to `fallback`."""
    return redirect(local_next(request.values.get("next"), fallback))


def _listed(template, raw, fetch, **context):
    """A list page of tasks: the page's rows by `fetch`, its filters and names; 400 with the problem shown."""
    rows, next_cursor, problem = list_page(DispatchTaskQuerySchema(), raw, fetch)
    page = render_template(template, rows=rows, next_cursor=next_cursor, problem=problem,
                           filters={k: v for k, v in raw.items() if k != "cursor"}, on_later_page="cursor" in raw,
                           statuses=STATUS_LABELS, priorities=PRIORITY_LABELS, **queries.listing(rows), **context)
    return page, 400 if problem else 200


@bp.route("/")
@page_login_required
def index():
    """The tasks the user may see, soonest due first: by status, priority, region, customer, assignee, due day."""
    raw = query_input(request.args, FILTERS)
    return _listed("task_dispatch/tasks/index.html", raw, lambda args: queries.task_page(current_user, args),
                   choices=forms.choices(current_user), assignees=queries.people())


@bp.route("/mine")
@page_login_required
def mine():
    """The user's own tasks, open ones by default, soonest due first, with their start and finish buttons."""
    raw = {"status": "open", **query_input(request.args, ("status", "sort", "limit", "cursor"))}
    return _listed("task_dispatch/tasks/mine.html", raw,
                   lambda args: queries.task_page(current_user, {**args, "mine": True}))


def _form_page(task, values, errors, status=200):
    """The create or edit form with its choices; 422 when it shows errors."""
    choices = forms.choices(current_user, task)
    if task is not None and task.customer_id is not None and \
            str(task.customer_id) not in {value for value, _name in choices["customers"]}:
        # A customer the editor does not see stays on the task: offer it so saving keeps it.
        choices["customers"].append((str(task.customer_id),
                                     queries.customer_names([task.customer_id])[str(task.customer_id)]))
    return render_template("task_dispatch/tasks/form.html", task=task, values=values, errors=errors,
                           priorities=PRIORITY_LABELS, **choices), 422 if errors else status


@bp.route("/new", methods=["GET", "POST"])
@page_login_required
def new():
    """Create a task (`?customer_id=` fills the customer in)."""
    if request.method == "GET":
        return _form_page(None, forms.form_values(customer_id=request.args.get("customer_id", "")), {})
    try:
        task = service.create_task(current_user, DispatchTaskSchema().load(forms.posted(request.form)))
        db.session.commit()
    except ValidationError as err:
        db.session.rollback()
        return _form_page(None, forms.form_values(request.form), field_errors(err))
    flash(_("Task %(number)s created.", number=task.number), "success")
    return redirect(url_for(".detail", task_id=task.id))


@bp.route("/<int:task_id>")
@page_login_required
def detail(task_id):
    """A task: its facts, the source record's link, then every feature's sections (candidates, explanation, outcome)."""
    task = task_or_404(current_user, task_id)
    order = {key: n for n, key in enumerate(TASK_SECTION_ORDER)}
    sections = sorted(task_sections(task, current_user), key=lambda s: order.get(s.key, len(order)))
    rendered = [(section.key, Markup(render_template(section.template, **{"task": task, **section.context})))
                for section in sections]
    return render_template("task_dispatch/tasks/detail.html", task=task, sections=rendered,
                           source_url=safe_url(task.source_url), may_edit=service.may_edit(current_user, task),
                           may_work=service.may_work(current_user, task),
                           may_rate_when_done=service.may_rate_when_done(current_user, task),
                           skill_names=catalogue_names("skill"), resource_names=catalogue_names("resource"),
                           **queries.listing([task]))


@bp.route("/<int:task_id>/edit", methods=["GET", "POST"])
@page_login_required
def edit(task_id):
    """Change an open task (its creator or a dispatcher)."""
    task = task_or_404(current_user, task_id)
    if not service.may_edit(current_user, task):
        flash(_("Only the task's creator or a dispatcher may change an open task."), "error")
        return redirect(url_for(".detail", task_id=task.id))
    if request.method == "GET":
        return _form_page(task, forms.form_values(task=task), {})
    try:
        data = DispatchTaskUpdateSchema().load(forms.posted(request.form, nullable=True))
        service.update_task(current_user, task, data)
        db.session.commit()
    except ValidationError as err:
        db.session.rollback()
        return _form_page(task, forms.form_values(request.form), field_errors(err))
    flash(_("Task saved."), "success")
    return redirect(url_for(".detail", task_id=task.id))


def _act(task, action, done):
    """Run `action()` and commit; flash `done`, or the refusal's messages after a rollback; back to the task."""
    try:
        action()
        db.session.commit()
    except ValidationError as err:
        db.session.rollback()
        flash(" ".join(field_errors(err).values()), "error")
    else:
        flash(done, "success")
    return back(url_for(".detail", task_id=task.id))


def _move(task_id, status, done):
    """Move the task to `status` with the form's outcome and rating (if any)."""
    task = task_or_404(current_user, task_id)
    fields = {key: request.form[key].strip() for key in ("outcome", "rating") if request.form.get(key, "").strip()}
    data = {"status": status, **fields}
    return _act(task, lambda: _change(task, DispatchTaskStatusSchema().load(data)), done)


def _change(task, data):
    """Apply a loaded status change to `task`."""
    service.change_status(current_user, task, data["status"], rating=data.get("rating"), outcome=data.get("outcome"))


@bp.route("/<int:task_id>/start", methods=["POST"])
@page_login_required
def start(task_id):
    """Start working on the task (its assignee, or a dispatcher)."""
    return _move(task_id, "in_progress", _("Task started."))


@bp.route("/<int:task_id>/finish", methods=["POST"])
@page_login_required
def finish(task_id):
    """Finish the task with its outcome (its assignee, or a dispatcher; a dispatcher may rate it at once)."""
    return _move(task_id, "done", _("Task finished."))


@bp.route("/<int:task_id>/cancel", methods=["POST"])
@page_login_required
def cancel(task_id):
    """Cancel an open task (its creator or a dispatcher)."""
    return _move(task_id, "cancelled", _("Task cancelled."))


@bp.route("/<int:task_id>/rate", methods=["POST"])
@page_login_required
def rate(task_id):
    """Rate a finished task 1 to 5 (its creator or a dispatcher)."""
    task = task_or_404(current_user, task_id)
    data = {"rating": request.form.get("rating", "").strip()}
    return _act(task, lambda: service.rate_task(current_user, task, DispatchTaskRatingSchema().load(data)["rating"]),
                _("Rating saved."))
