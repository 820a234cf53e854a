"""The leads pages under /sales/leads: the list, a lead's page and form, its status actions and its conversion.

Visibility and rules come from the same functions as the API (service.py,
conversion.py); these views turn them into pages. Every form posts with the CSRF token.
"""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest, Forbidden

from sqlalchemy import select

from crm_platform.sdk import (
    User, current_user, customer_sources, db, field_errors, gettext as _, has_permission, lazy_gettext as _l,
    page_login_required, sales_region_names, work_owner_criterion,
)

from plugins.sales_automation.blueprints import page_blueprint
from plugins.sales_automation.leads import conversion, service
from plugins.sales_automation.leads.schemas import (
    SalesLeadConvertSchema, SalesLeadQuerySchema, SalesLeadSchema,
)
from plugins.sales_automation.models.leads import LEAD_STATUSES
from plugins.sales_automation.permissions import CONFIGURE
from plugins.sales_automation.pipelines.service import StageError, pipelines

bp = page_blueprint("leads", __name__)

FORM_FIELDS = ("name", "company", "title", "email", "phone", "region", "source", "notes", "owner_id")
FILTERS = ("status", "owner_id", "source", "region", "q", "unassigned")
DUPLICATE_FIELDS = {"credit_code": _l("credit code"), "email": _l("email"), "phone": _l("phone"), "name": _l("name")}


@bp.context_processor
def choices():
    """The sources and sales regions every leads page offers."""
    regions = sales_region_names()
    return {"sources": customer_sources(), "regions": regions, "region_options": [(name, name) for name in regions]}


def owner_choices():
    """(id, name) of the active users the signed-in user may give leads to."""
    users = db.session.scalars(select(User).where(User.active.is_(True), work_owner_criterion(current_user, User.id))
                               .order_by(User.name, User.id)).all()
    return [(str(user.id), user.name) for user in users]


def user_names(ids):
    """{user id: name} of the users with these ids."""
    ids = {i for i in ids if i}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}


def status_choices():
    """(status, label) of every lead status."""
    return [(status, service.status_label(status)) for status in LEAD_STATUSES]


@bp.route("/")
@page_login_required
def index():
    """The leads the user may see, newest first, with filters."""
    raw = {key: request.args[key].strip() for key in (*FILTERS, "cursor", "limit") if request.args.get(key, "").strip()}
    items, next_cursor, problem = [], None, None
    try:
        items, next_cursor = service.lead_page(current_user, SalesLeadQuerySchema().load(raw))
    except ValidationError:
        problem = _("Some filters are not valid.")
    except BadRequest:
        problem = _("This page link is no longer valid; start again from the first page.")
    page = render_template("sales_automation/leads/index.html", leads=items, next_cursor=next_cursor,
                           problem=problem, filters={k: v for k, v in raw.items() if k != "cursor"},
                           on_later_page="cursor" in raw, owners=owner_choices(), statuses=status_choices(),
                           names=user_names(lead.owner_id for lead in items), label=service.status_label,
                           may_configure=has_permission(current_user, CONFIGURE))
    return page, 400 if problem else 200


def _form_page(lead, values, errors):
    """The lead form (new or edit) with the values and errors; 422 when there are errors."""
    page = render_template("sales_automation/leads/form.html", lead=lead, values=values, errors=errors,
                           owners=owner_choices())
    return page, 422 if errors else 200


def posted_values():
    """The lead form's fields as posted, trimmed."""
    return {name: request.form.get(name, "").strip() for name in FORM_FIELDS}


def load_values(values):
    """Validated lead data from the form's values; a blank field is left out."""
    return SalesLeadSchema().load({k: v for k, v in values.items() if v})


@bp.route("/new", methods=["GET", "POST"])
@page_login_required
def new():
    """Add a lead; with no owner chosen, the assignment rule (else the user) gives one."""
    values, errors = {}, {}
    if request.method == "POST":
        values = posted_values()
        try:
            data = load_values(values)
            if data.get("owner_id") is not None:
                service.check_owner(current_user, data["owner_id"])
        except ValidationError as err:
            errors = field_errors(err)
        except service.LeadError as err:
            errors = {"owner_id": str(err)}
        else:
            lead = service.create_lead(data, actor_id=current_user.id, fallback_owner_id=current_user.id)
            db.session.commit()
            flash(_("Lead %(name)s added.", name=lead.name), "success")
            return redirect(url_for(".detail", lead_id=lead.id))
    return _form_page(None, values, errors)


@bp.route("/<int:lead_id>")
@page_login_required
def detail(lead_id):
    """A lead's page: its fields, status and actions."""
    lead = service.lead_or_404(current_user, lead_id)
    return render_template("sales_automation/leads/detail.html", lead=lead, label=service.status_label,
                           names=user_names([lead.owner_id, lead.created_by_id]), moves=service.MOVES,
                           convertible=conversion.CONVERTIBLE, errors={})


@bp.route("/<int:lead_id>/edit", methods=["GET", "POST"])
@page_login_required
def edit(lead_id):
    """Change a lead's fields."""
    lead = service.lead_or_404(current_user, lead_id)
    values = {name: getattr(lead, name) for name in FORM_FIELDS}
    errors = {}
    if request.method == "POST":
        values = posted_values()
        try:
            data = load_values(values)
            data = {name: data.get(name) for name in FORM_FIELDS}  # a field left blank is cleared
            service.update_lead(current_user, lead, data)
        except ValidationError as err:
            errors = field_errors(err)
        except service.LeadError as err:
            errors = {"owner_id": str(err)}
        else:
            db.session.commit()
            flash(_("Lead %(name)s saved.", name=lead.name), "success")
            return redirect(url_for(".detail", lead_id=lead.id))
        db.session.rollback()
    return _form_page(lead, values, errors)


def _move(lead_id, status, message):
    """Move a visible lead to `status` by a posted form, flash `message` or why not, and show the lead again."""
    lead = service.lead_or_404(current_user, lead_id)
    try:
        service.move_lead(lead, status, request.form.get("reason"))
    except service.LeadError as err:
        flash(str(err), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for(".detail", lead_id=lead.id))


@bp.route("/<int:lead_id>/work", methods=["POST"])
@page_login_required
def work(lead_id):
    """Start working on a new lead."""
    return _move(lead_id, "working", _("You are working on this lead."))


@bp.route("/<int:lead_id>/qualify", methods=["POST"])
@page_login_required
def qualify(lead_id):
    """Qualify a lead."""
    return _move(lead_id, "qualified", _("Lead qualified."))


@bp.route("/<int:lead_id>/disqualify", methods=["POST"])
@page_login_required
def disqualify(lead_id):
    """Disqualify a lead with a reason."""
    return _move(lead_id, "disqualified", _("Lead disqualified."))


@bp.route("/<int:lead_id>/delete", methods=["POST"])
@page_login_required
def delete(lead_id):
    """Delete a lead."""
    lead = service.lead_or_404(current_user, lead_id)
    service.delete_lead(lead)
    db.session.commit()
    flash(_("Lead deleted."), "success")
    return redirect(url_for(".index"))


@bp.route("/<int:lead_id>/convert", methods=["GET", "POST"])
@page_login_required
def convert(lead_id):
    """Convert a lead: a new customer or a link to an existing one, a contact and an opportunity."""
    lead = service.lead_or_404(current_user, lead_id)
    values = {"contact": "1", "opportunity": "1", "name": lead.company or lead.name}
    errors, problem = {}, None
    if request.method == "POST":
        values = request.form.to_dict()
        raw = {"customer_id": values.get("customer_id") or None, "contact": bool(values.get("contact")),
               "allow_duplicate": bool(values.get("allow_duplicate"))}
        if values.get("opportunity"):
            raw["opportunity"] = {key: values.get(key) or None
                                  for key in ("name", "amount", "expected_close", "pipeline_id")}
        try:
            data = SalesLeadConvertSchema().load(raw)
            customer = conversion.convert_lead(current_user, lead, customer_id=data.get("customer_id"),
                                               allow_duplicate=data["allow_duplicate"], contact=data["contact"],
                                               opportunity=data.get("opportunity"))
        except conversion.DuplicatesFound as err:
            problem = str(err)
        except conversion.ConversionError as err:
            problem = str(err)
        except StageError as err:
            problem = str(err)
        except ValidationError as err:
            errors = _convert_errors(err)
            problem = _("The lead cannot become a customer as it is; correct it first.")
        except Forbidden:
            problem = _("You may not add contacts to this customer.")
        else:
            flash(_("Lead converted into %(name)s.", name=customer.name), "success")
            return redirect(url_for("customers.detail", customer_id=customer.id))
    duplicates = [{**match, "labels": ", ".join(str(DUPLICATE_FIELDS[field]) for field in match["fields"])}
                  for match in conversion.duplicates_of(current_user, lead)]
    options = [(str(p.id), p.name) for p in pipelines()] if lead.status in conversion.CONVERTIBLE else []
    page = render_template("sales_automation/leads/convert.html", lead=lead, values=values, errors=errors,
                           problem=problem, duplicates=duplicates, pipeline_options=options,
                           convertible=conversion.CONVERTIBLE)
    return page, 422 if problem else 200


def _convert_errors(error):
    """The conversion form's field errors, the opportunity's next to its own inputs."""
    messages = error.messages if isinstance(error.messages, dict) else {"_form": error.messages}
    nested = messages.get("opportunity")
    if isinstance(nested, dict):
        messages = {**{key: value for key, value in messages.items() if key != "opportunity"}, **nested}
    return field_errors(messages)


# The assignees' and web forms' pages live on this blueprint too.
from plugins.sales_automation.leads import setup_views  # noqa: E402,F401
