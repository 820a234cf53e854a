"""The to-dos pages under /sales/todos: my to-dos, a to-do's page, its form, finishing and deleting it.

Forms posted from other pages (the customer panel, the opportunity page, Today)
carry a `next` path to go back to; it is followed only when it is local.
"""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.sdk import (
    ACTIVITY_LABELS, Customer, current_user, customer_criterion, db, field_errors, gettext as _, list_page,
    local_next, page_login_required, workspace_today,
)

from plugins.sales_automation.blueprints import page_blueprint
from plugins.sales_automation.models import Lead, Opportunity
from plugins.sales_automation.todos import service
from plugins.sales_automation.todos.pages import back, page_url
from plugins.sales_automation.todos.schemas import (
    SalesTodoActivitySchema, SalesTodoQuerySchema, SalesTodoSchema, SalesTodoUpdateSchema,
)

bp = page_blueprint("todos", __name__)

FORM_FIELDS = ("title", "due_date", "assignee_id", "notes")
CUSTOMER_CHOICES = 500


@bp.app_template_global("sales_opportunity_todos")
def opportunity_todos(opportunity_id):
    """The open to-dos of an opportunity that the signed-in user may see (for the opportunity page's partial)."""
    return service.open_todos(current_user, opportunity_id=opportunity_id)


@bp.app_template_global("sales_todo_assignees")
def todo_assignees():
    """[(id, name)] of the users a to-do may be given to."""
    return service.assignees()


@bp.app_template_global("sales_today")
def today():
    """The workspace's date today, for the partials that mark overdue to-dos."""
    return workspace_today()


@bp.app_template_global("sales_opportunity_url")
def opportunity_url(opportunity_id):
    """The opportunity's page (the pipelines feature's), else the page of its competitors."""
    return (page_url("sales_pipelines.detail", opportunity_id=opportunity_id)
            or url_for("sales_competitors.opportunity", opportunity_id=opportunity_id))


@bp.route("/")
@page_login_required
def index():
    """My to-dos: open ones (overdue highlighted), or the finished ones, soonest due first."""
    raw = {key: request.args[key].strip() for key in ("status", "cursor") if request.args.get(key, "").strip()}
    items, next_cursor, problem = list_page(SalesTodoQuerySchema(), {**raw, "mine": "true"},
                                            lambda args: service.todo_page(current_user, args))
    page = render_template("sales_automation/todos/index.html", todos=items, next_cursor=next_cursor,
                           filters={k: v for k, v in raw.items() if k != "cursor"}, on_later_page="cursor" in raw,
                           problem=problem, today=workspace_today(), status=raw.get("status", "open"))
    return page, 400 if problem else 200


def link_names(todo):
    """(label, url) of the record a to-do hangs on, or None when it is gone."""
    if todo.opportunity_id is not None:
        name = db.session.scalar(select(Opportunity.name).where(Opportunity.id == todo.opportunity_id))
        return name, opportunity_url(todo.opportunity_id)
    if todo.lead_id is not None:
        name = db.session.scalar(select(Lead.name).where(Lead.id == todo.lead_id))
        return name, page_url("sales_leads.detail", lead_id=todo.lead_id)
    if todo.customer_id is not None:
        name = db.session.scalar(select(Customer.name).where(Customer.id == todo.customer_id))
        return name, url_for("customers.detail", customer_id=todo.customer_id)
    return None


def visible_customers():
    """[(id, name)] of customers the user may see, by name, for a to-do made from My to-dos."""
    return db.session.execute(select(Customer.id, Customer.name).where(customer_criterion(current_user))
                              .order_by(Customer.name, Customer.id).limit(CUSTOMER_CHOICES)).all()


@bp.route("/new", methods=["GET", "POST"])
@page_login_required
def new():
    """Add a to-do on the lead, opportunity or customer named in the link (or a customer chosen on the form)."""
    link = {key: request.values.get(key, "").strip() for key in service.LINKS if request.values.get(key, "").strip()}
    values, errors = {"assignee_id": str(current_user.id), "due_date": workspace_today().isoformat()}, {}
    if request.method == "POST":
        values = {key: request.form.get(key, "") for key in FORM_FIELDS}
        try:
            data = SalesTodoSchema().load({**values, **link})
            service.create_todo(current_user, data)
        except ValidationError as err:
            db.session.rollback()
            errors = field_errors(err)
        else:
            flash(_("To-do added."), "success")
            return back(url_for(".index"))
    page = render_template("sales_automation/todos/form.html", todo=None, values=values, errors=errors, link=link,
                           customers=[] if link else visible_customers(), next=local_next(request.values.get("next")))
    return page, 422 if errors else 200


@bp.route("/<int:todo_id>")
@page_login_required
def detail(todo_id):
    """A to-do: what, when, for whom, on what; finish it (optionally logging an activity), change or delete it."""
    todo = service.todo_or_404(current_user, todo_id)
    return render_template("sales_automation/todos/detail.html", todo=todo, link=link_names(todo),
                           may_change=service.may_change(current_user, todo),
                           may_log=service.may_log_activity(current_user, todo), kinds=ACTIVITY_LABELS,
                           assignee=dict(service.assignees()).get(todo.assignee_id), today=workspace_today(),
                           values={}, errors={})


@bp.route("/<int:todo_id>/edit", methods=["GET", "POST"])
@page_login_required
def edit(todo_id):
    """Change a to-do's title, due date, assignee or notes."""
    todo = service.todo_or_404(current_user, todo_id)
    service.require_change(current_user, todo)
    values, errors = {key: getattr(todo, key) for key in FORM_FIELDS}, {}
    if request.method == "POST":
        values = {key: request.form.get(key, "") for key in FORM_FIELDS}
        try:
            service.update_todo(current_user, todo, SalesTodoUpdateSchema().load(values))
        except ValidationError as err:
            db.session.rollback()
            errors = field_errors(err)
        else:
            flash(_("To-do saved."), "success")
            return redirect(url_for(".detail", todo_id=todo.id))
    page = render_template("sales_automation/todos/form.html", todo=todo, values=values, errors=errors, link={},
                           customers=[], next=None)
    return page, 422 if errors else 200


@bp.route("/<int:todo_id>/done", methods=["POST"])
@page_login_required
def done(todo_id):
    """Mark a to-do done; with "log an activity" ticked, log its kind and outcome on the customer's timeline."""
    todo = service.todo_or_404(current_user, todo_id)
    activity = None
    try:
        if request.form.get("log_activity"):
            activity = SalesTodoActivitySchema().load({key: request.form.get(key, "") for key in ("kind", "outcome")})
        service.finish_todo(current_user, todo, activity)
    except ValidationError as err:
        db.session.rollback()
        flash(" ".join(field_errors(err).values()), "error")
        return redirect(url_for(".detail", todo_id=todo.id))
    flash(_("Activity logged and to-do done.") if activity else _("To-do done."), "success")
    return back(url_for(".index"))


@bp.route("/<int:todo_id>/delete", methods=["POST"])
@page_login_required
def delete(todo_id):
    """Delete a to-do."""
    service.delete_todo(current_user, service.todo_or_404(current_user, todo_id))
    flash(_("To-do deleted."), "success")
    return back(url_for(".index"))
