"""Pages of the requirement records feature under /service/requirements: the list, the review, a requirement, forms.

Visibility and the rules come from service.py and review.py, as for the API.
Forms posted from other pages (the ticket page, the customer panel, Today) carry
a `next` path to go back to; it is followed only when it is local.
"""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import (
    current_user, db, field_errors, gettext as _, list_page, local_next, page_login_required, query_input,
)

from plugins.service_support.blueprints import page_blueprint
from plugins.service_support.ids import query_id
from plugins.service_support.requirements import review, service
from plugins.service_support.requirements.labels import STATUS_LABELS
from plugins.service_support.requirements.schemas import (
    ServiceRequirementAnswerSchema, ServiceRequirementQuerySchema, ServiceRequirementSchema,
    ServiceRequirementUpdateSchema, ServiceRequirementVoteSchema,
)
from plugins.service_support.tickets.visibility import ticket_or_404

bp = page_blueprint("requirements", __name__)

FILTERS = ("status", "responsible_id", "customer_id", "q", "sort", "limit", "cursor")
FORM_FIELDS = ("title", "description", "responsible_id")


@bp.app_template_global("service_requirement_status")
def status_label(status):
    """The words for a requirement's status."""
    return STATUS_LABELS.get(status, status)


def posted(names, nullable=()):
    """The form's values of `names` for a schema: blanks left out, except in `nullable` fields (None)."""
    values = {name: request.form.get(name, "").strip() for name in names}
    return {key: None if value == "" else value for key, value in values.items() if value or key in nullable}


def back(fallback):
    """A redirect to the form's `next` when it is local, else to `fallback`."""
    return redirect(local_next(request.values.get("next"), fallback))


@bp.route("/")
@page_login_required
def index():
    """The requirements the user may see: filters (status, responsible, customer, words), newest or most voted."""
    raw = query_input(request.args, FILTERS)
    rows, next_cursor, problem = list_page(ServiceRequirementQuerySchema(), raw,
                                           lambda args: service.requirement_page(current_user, args))
    people = service.people()
    page = render_template("service_support/requirements/index.html", rows=rows, next_cursor=next_cursor,
                           problem=problem, filters={k: v for k, v in raw.items() if k != "cursor"},
                           on_later_page="cursor" in raw, people=people, names=dict(people),
                           customers=service.customer_choices(current_user), statuses=STATUS_LABELS)
    return page, 400 if problem else 200


@bp.route("/review")
@page_login_required
def review_page():
    """The user's daily review: their requirements that are new since they last looked, or waiting for an answer."""
    return render_template("service_support/requirements/review.html", items=review.review_list(current_user),
                           waiting_days=review.WAITING_DAYS)


@bp.route("/new", methods=["GET", "POST"])
@page_login_required
def new():
    """Record a requirement for a customer, or from a ticket (`?ticket_id=`: its customer, the vote remembers it)."""
    ticket_id = query_id(request.args.get("ticket_id"))
    ticket = ticket_or_404(current_user, ticket_id) if ticket_id is not None else None
    customer_id = request.args.get("customer_id", "")
    values = {"responsible_id": str(current_user.id), "customer_id": customer_id,
              "title": ticket.subject if ticket else ""}
    errors = {}
    if request.method == "POST":
        values = {**values, **{key: request.form.get(key, "") for key in (*FORM_FIELDS, "customer_id", "note")}}
        data = posted((*FORM_FIELDS, "customer_id", "note"))
        if ticket is not None:
            data["ticket_id"] = ticket.id
        try:
            requirement = service.create_requirement(current_user, ServiceRequirementSchema().load(data))
        except ValidationError as err:
            db.session.rollback()
            errors = field_errors(err)
        else:
            flash(_("Requirement recorded."), "success")
            return redirect(url_for(".detail", requirement_id=requirement.id))
    page = render_template("service_support/requirements/form.html", requirement=None, values=values, errors=errors,
                           ticket=ticket, people=service.people(),
                           customers=[] if ticket else service.customer_choices(current_user))
    return page, 422 if errors else 200


@bp.route("/<int:requirement_id>")
@page_login_required
def detail(requirement_id):
    """A requirement: its description, the customers asking, the answers and status changes, and their forms."""
    requirement = service.requirement_or_404(current_user, requirement_id)
    people = service.people()
    return render_template("service_support/requirements/detail.html", requirement=requirement,
                           votes=service.visible_votes(current_user, requirement),
                           history=service.history(requirement), names=dict(people),
                           may_change=service.may_change(current_user, requirement),
                           customers=service.customer_choices(current_user), statuses=STATUS_LABELS,
                           values={"status": requirement.status}, errors={})


@bp.route("/<int:requirement_id>/edit", methods=["GET", "POST"])
@page_login_required
def edit(requirement_id):
    """Change a requirement's title, description or responsible person."""
    requirement = service.requirement_or_404(current_user, requirement_id)
    service.require_change(current_user, requirement)
    values, errors = {key: getattr(requirement, key) for key in FORM_FIELDS}, {}
    if request.method == "POST":
        values = {key: request.form.get(key, "") for key in FORM_FIELDS}
        try:
            data = ServiceRequirementUpdateSchema().load(posted(FORM_FIELDS, nullable=("title", "description")))
            service.update_requirement(current_user, requirement, data)
        except ValidationError as err:
            db.session.rollback()
            errors = field_errors(err)
        else:
            flash(_("Requirement saved."), "success")
            return redirect(url_for(".detail", requirement_id=requirement.id))
    page = render_template("service_support/requirements/form.html", requirement=requirement, values=values,
                           errors=errors, ticket=None, people=service.people(), customers=[])
    return page, 422 if errors else 200


def _act(requirement, action, done):
    """Run `action()`; flash `done`, or the refusal's messages after a rollback; back to the requirement."""
    try:
        action()
    except ValidationError as err:
        db.session.rollback()
        flash(" ".join(field_errors(err).values()), "error")
    else:
        flash(done, "success")
    return back(url_for(".detail", requirement_id=requirement.id))


@bp.route("/<int:requirement_id>/status", methods=["POST"])
@page_login_required
def status(requirement_id):
    """Move the requirement to another status, with an optional comment."""
    requirement = service.requirement_or_404(current_user, requirement_id)
    data = posted(("status", "comment"))
    return _act(requirement, lambda: service.update_requirement(
        current_user, requirement, ServiceRequirementUpdateSchema().load(data)), _("Status changed."))


@bp.route("/<int:requirement_id>/answers", methods=["POST"])
@page_login_required
def answer(requirement_id):
    """Answer the requirement."""
    requirement = service.requirement_or_404(current_user, requirement_id)
    data = posted(("body",))
    return _act(requirement, lambda: service.add_answer(
        current_user, requirement, ServiceRequirementAnswerSchema().load(data)["body"]), _("Answer added."))


@bp.route("/<int:requirement_id>/votes", methods=["POST"])
@page_login_required
def vote(requirement_id):
    """Add a customer (one the user may see) to those asking for the requirement."""
    requirement = service.requirement_or_404(current_user, requirement_id)
    data = posted(("customer_id", "note"))
    return _act(requirement, lambda: service.add_vote(
        current_user, requirement, ServiceRequirementVoteSchema().load(data)), _("Customer added."))


@bp.route("/<int:requirement_id>/votes/<int:vote_id>/delete", methods=["POST"])
@page_login_required
def remove_vote(requirement_id, vote_id):
    """Take a customer's vote back."""
    requirement = service.requirement_or_404(current_user, requirement_id)
    service.remove_vote(current_user, requirement, service.vote_or_404(current_user, requirement, vote_id))
    flash(_("Vote removed."), "success")
    return back(url_for(".detail", requirement_id=requirement.id))


@bp.route("/<int:requirement_id>/reviewed", methods=["POST"])
@page_login_required
def reviewed(requirement_id):
    """Mark the requirement reviewed (its responsible person), back to the review list or where the form says."""
    requirement = service.requirement_or_404(current_user, requirement_id)
    review.mark_reviewed(current_user, requirement)
    flash(_("Marked reviewed."), "success")
    return back(url_for(".review_page"))

