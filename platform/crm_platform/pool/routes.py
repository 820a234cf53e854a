"""Customer pool pages: the Pool list, claiming, assigning, and moving a customer to the pool.

Visibility, rules and limits come from the same service and queries as the API.
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest, Conflict

from crm_platform.customers.forms import LEVEL_LABELS, SORT_LABELS, STATUS_LABELS
from crm_platform.customers.queries import count_customers, customer_page
from crm_platform.customers.routes import assignable_users
from crm_platform.customers.schemas import CustomerQuerySchema
from crm_platform.extensions import db
from crm_platform.forms import field_errors, form_input, query_input
from crm_platform.models import OrgUnit
from crm_platform.org.queries import unit_choices
from crm_platform.pool import service
from crm_platform.pool.labels import MOVE_LABELS, REASON_LABELS
from crm_platform.pool.schemas import PoolAssignSchema
from crm_platform.regions.picker import region_options
from crm_platform.roles import has_permission
from crm_platform.visibility import can_manage_customer, can_see_customer, visible_customer_or_404

bp = Blueprint("pool", __name__, url_prefix="/pool")

FILTERS = ("q", "status", "level", "region", "org_unit_id", "tag", "sort", "limit")


def unit_name(unit_id):
    """The name of a pool's unit; the company's pool when None."""
    unit = db.session.get(OrgUnit, unit_id) if unit_id is not None else None
    return unit.name if unit else _("Company")


def pool_state(customer):
    """What the customer page shows about the pool: its history and what the user may do."""
    pooled = customer.pooled_at is not None
    may_assign = pooled and has_permission(current_user, "customers.reassign")
    return {
        "pooled": pooled,
        "pool_name": unit_name(customer.pool_unit_id) if pooled else None,
        "history": service.pool_history(customer),
        "may_claim": pooled,
        "may_assign": may_assign,
        "assignees": assignable_users() if may_assign else [],
        "may_move": (not pooled and has_permission(current_user, "customers.reassign")
                     and can_manage_customer(current_user, customer.id)),
        "move_labels": MOVE_LABELS, "reason_labels": REASON_LABELS,
    }


@bp.context_processor
def _choices():
    """Labels of the customer enums for the pool's templates (as the customer pages have them)."""
    return {"status_labels": STATUS_LABELS, "level_labels": LEVEL_LABELS, "sort_labels": SORT_LABELS}


@bp.app_context_processor
def _pool_helpers():
    """`pool_state(customer)` for the customer page's pool panel."""
    return {"pool_state": pool_state}


@bp.route("/")
@login_required
def index():
    """The pooled customers of the user's pools, with search, filters and claim buttons."""
    raw = query_input(request.args, FILTERS + ("cursor",))
    if raw.get("sort") not in SORT_LABELS:
        raw.pop("sort", None)  # an unknown order falls back to the default, as on the customer list
    customers, next_cursor, total, errors, problem = [], None, None, {}, None
    try:
        args = CustomerQuerySchema().load(raw)
        customers, next_cursor = customer_page(current_user, args, pool=True)
        total = count_customers(current_user, args, pool=True)
    except ValidationError as err:
        errors = field_errors(err)
        problem = _("Some filters are not valid; correct them and search again.")
    except BadRequest:
        problem = _("This page link is no longer valid; start again from the first page.")
    may_assign = has_permission(current_user, "customers.reassign")
    page = render_template(
        "pool/index.html", customers=customers, total=total, next_cursor=next_cursor,
        filters={k: v for k, v in raw.items() if k != "cursor"}, on_later_page="cursor" in raw, errors=errors,
        problem=problem, unit_choices=unit_choices(), unit_name=unit_name,
        region_options=region_options(raw.get("region")),
        claims_left=service.claims_left(current_user),
        may_assign=may_assign, assignees=assignable_users() if may_assign else [],
    )
    return page, 400 if problem else 200


def _back(customer):
    """Back to the pool when the form came from there, else to the customer (now owned in the user's remit)."""
    if request.form.get("next") == "pool":
        return redirect(url_for(".index"))
    return redirect(url_for("customers.detail", customer_id=customer.id))


@bp.route("/<int:customer_id>/claim", methods=["POST"])
@login_required
def claim(customer_id):
    """Claim a pooled customer for the signed-in user."""
    customer = visible_customer_or_404(current_user, customer_id)
    try:
        service.claim(current_user, customer)
    except Conflict as err:
        db.session.rollback()
        flash(err.description, "error")
        return redirect(url_for(".index"))
    flash(_("You now own %(name)s.", name=customer.name), "success")
    return _back(customer)


@bp.route("/<int:customer_id>/assign", methods=["POST"])
@login_required
def assign(customer_id):
    """Give a pooled customer to a user of the manager's remit."""
    customer = visible_customer_or_404(current_user, customer_id)
    try:
        data = PoolAssignSchema().load(form_input(request.form, ("owner_id",)))
        service.assign(current_user, customer, data["owner_id"])
    except (ValidationError, Conflict) as err:
        db.session.rollback()
        message = err.description if isinstance(err, Conflict) else _("Choose a user you may assign customers to.")
        flash(message, "error")
        return redirect(url_for(".index"))
    flash(_("Customer %(name)s now belongs to %(owner)s.", name=customer.name, owner=customer.owner.name), "success")
    return _back(customer)


@bp.route("/move/<int:customer_id>", methods=["POST"])
@login_required
def move(customer_id):
    """Move a customer to its pool by hand (who may manage and reassign it)."""
    customer = visible_customer_or_404(current_user, customer_id)
    try:
        service.move_to_pool(current_user, customer)
    except Conflict as err:
        db.session.rollback()
        flash(err.description, "error")
        return redirect(url_for("customers.detail", customer_id=customer.id))
    flash(_("Customer %(name)s is now in the pool.", name=customer.name), "success")
    if can_see_customer(current_user, customer.id):
        return redirect(url_for("customers.detail", customer_id=customer.id))
    return redirect(url_for(".index"))
