"""Customer pages: the list, the customer file, the customer form, reassigning and deleting.

Validation, visibility and permissions come from the same schemas, queries and
service as the API; these views only turn them into pages.
"""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import BadRequest, Conflict

from crm_platform.custom_fields.filters import filter_params, parse_filters
from crm_platform.custom_fields.forms import COLUMNS_PARAM, chosen_columns, default_values, submitted
from crm_platform.customers import bp, service
from crm_platform.customers.duplicate_check import FIELD_LABELS, duplicate_matches, duplicate_message
from crm_platform.customers.forms import (
    ACTIVITY_LABELS, ACTIVITY_STATUS_LABELS, KIND_LABELS, LEVEL_LABELS, SORT_LABELS, STATUS_LABELS,
    local_input_value, no_contact_choices, split_tags, timezone_name,
)
from crm_platform.customers.module_filters import module_filters, module_params, parse_module_filters
from crm_platform.customers.queries import count_customers, customer_page
from crm_platform.customers.schemas import CustomerQuerySchema, CustomerSchema, ReassignSchema
from crm_platform.customers.standard_fields import INDUSTRY_LABELS, SOURCE_LABELS, STANDARD_FIELDS
from crm_platform.extensions import db
from crm_platform.forms import field_errors, form_input, query_input
from crm_platform.models import Activity, CustomerTag, User
from crm_platform.models.base import utcnow
from crm_platform.modules.events import collect
from crm_platform.modules.contributions import Panel
from crm_platform.org.queries import unit_choices
from crm_platform.regions.location import location_text
from crm_platform.regions.picker import picker_context, region_options
from crm_platform.roles import has_permission, require_permission
from crm_platform.visibility import can_manage_customer, can_see_customer, visible_customer_or_404

CUSTOMER_FIELDS = ("name", "kind", "status", "level", "region", "owner_id",
                   "phone", "email", "credit_code", "address", "care_date", "notes", "allow_duplicate", *STANDARD_FIELDS)
LIST_FILTERS = ("q", "status", "level", "region", "industry", "source", "owner_id", "org_unit_id", "tag", "sort",
                "no_contact_days", "follow_up_overdue", "limit")
# Suggestions for the tag filter; a tenant with more distinct tags still filters by any.
TAG_SUGGESTIONS = 200


@bp.app_template_filter("duplicate_field_label")
def duplicate_field_label(field):
    """The label of a field a duplicate shares ("phone")."""
    return FIELD_LABELS[field]


@bp.context_processor
def _choices():
    """Labels of the customer enums for every customer template."""
    return {"kind_labels": KIND_LABELS, "status_labels": STATUS_LABELS, "level_labels": LEVEL_LABELS,
            "activity_labels": ACTIVITY_LABELS, "sort_labels": SORT_LABELS, "user_choices": user_choices,
            "industry_labels": INDUSTRY_LABELS, "source_labels": SOURCE_LABELS, "location_text": location_text,
            "activity_status_labels": ACTIVITY_STATUS_LABELS}


def user_choices(users):
    """Users as (id, label) options of a select."""
    return [(user.id, user.name) for user in users]


def active_users():
    """The tenant's active users, by name."""
    return db.session.scalars(select(User).where(User.active).order_by(User.name, User.id)).all()


def assignable_users(current_owner_id=None):
    """Users the signed-in user may make owners (the service decides), plus the current owner."""
    stmt = service.assignable_users_query(current_user)
    if current_owner_id is not None:
        stmt = stmt.union(select(User).where(User.id == current_owner_id))
    return db.session.scalars(select(User).from_statement(stmt.order_by("name", "id"))).all()


def may_share(customer, may_manage):
    """Whether to offer sharing: the service allows it to managers who own it or may reassign."""
    return may_manage and (customer.owner_id == current_user.id or has_permission(current_user, "customers.reassign"))


@bp.route("/")
@login_required
def index():
    """The customers the user may see, with search, filters, sort and cursor pages."""
    raw = query_input(request.args, LIST_FILTERS + ("cursor",))
    custom = filter_params(request.args)
    offered = module_filters(current_user)
    modules = module_params(offered, request.args)
    columns = chosen_columns()
    if raw.get("sort") not in SORT_LABELS:
        # An unknown order (an old or hand-edited link) falls back to the default
        # instead of failing the whole list; the API reports it as a field error.
        raw.pop("sort", None)
    customers, next_cursor, total, errors, problem = [], None, None, {}, None
    try:
        args = CustomerQuerySchema().load(raw)
        args["custom_filters"] = parse_filters("customer", custom, lenient=True)
        args["module_criteria"] = parse_module_filters(offered, modules)
        customers, next_cursor = customer_page(current_user, args)
        total = count_customers(current_user, args)
    except ValidationError as err:
        errors = field_errors(err)
        problem = _("Some filters are not valid; correct them and search again.")
    except BadRequest:
        problem = _("This page link is no longer valid; start again from the first page.")
    filters = {**{k: v for k, v in raw.items() if k != "cursor"}, **custom, **modules}
    if columns:
        filters[COLUMNS_PARAM] = ",".join(field.param for field in columns)
    tags = db.session.scalars(select(CustomerTag.tag).distinct().order_by(CustomerTag.tag)
                              .limit(TAG_SUGGESTIONS)).all()
    page = render_template(
        "customers/index.html", customers=customers, total=total,
        next_cursor=next_cursor, filters=filters, on_later_page="cursor" in raw, errors=errors,
        problem=problem, users=active_users(), unit_choices=unit_choices(), tags=tags, columns=columns,
        region_options=region_options(filters.get("region")), module_filters=list(offered.values()),
        bulk_owners=assignable_users(),
        no_contact_choices=no_contact_choices(), now=utcnow(),
    )
    return page, 400 if problem else 200


@bp.route("/<int:customer_id>")
@login_required
def detail(customer_id):
    """The customer file: details, contacts, timeline of contact records and shares."""
    return render_detail(visible_customer_or_404(current_user, customer_id))


def render_detail(customer, form=None, values=None, errors=None, status=200):
    """The customer file; `form` names the small form whose input and errors are shown again."""
    forms = {
        "contact": {"values": {}, "errors": {}},
        "activity": {"values": {"kind": "call", "status": "done", "occurred_at": local_input_value()}, "errors": {}},
        "share": {"values": {}, "errors": {}},
        "reassign": {"values": {"owner_id": customer.owner_id}, "errors": {}},
    }
    if form:
        forms[form] = {"values": values, "errors": errors or {}}
    activities = db.session.scalars(
        select(Activity).where(Activity.customer_id == customer.id)
        .options(selectinload(Activity.user), selectinload(Activity.contact))
        # Planned ones (no occurred_at yet) sort by their due time.
        .order_by(func.coalesce(Activity.occurred_at, Activity.due_at).desc(), Activity.id.desc())).all()
    shares = sorted(customer.shares, key=lambda share: share.user.name.lower())
    # Seeing a customer (e.g. through a share) is not managing it: controls follow the service's rules.
    managing = can_manage_customer(current_user, customer.id)
    sharing = may_share(customer, managing)
    reassigning = managing and has_permission(current_user, "customers.reassign")
    shared_ids = {share.user_id for share in shares} | {customer.owner_id}
    page = render_template(
        "customers/detail.html", customer=customer, activities=activities, shares=shares, forms=forms,
        may_manage=managing, may_share=sharing, may_reassign=reassigning,
        may_delete=managing and has_permission(current_user, "customers.delete"),
        share_candidates=[u for u in active_users() if u.id not in shared_ids] if sharing else [],
        owner_candidates=assignable_users(customer.owner_id) if reassigning else [],
        timezone=timezone_name(), contact_choices=[(contact.id, contact.name) for contact in customer.contacts],
        panels=collect("crm_customer_panels", Panel, customer=customer, user=current_user),
        # Other blueprints (attachments, merge) render this page too; the labels come along.
        **_choices(),
    )
    return page, status


def after_change(customer, message, anchor=None):
    """Flash `message` and go back to the customer, or to the list if it is now out of sight."""
    flash(message, "success")
    if can_see_customer(current_user, customer.id):
        return redirect(url_for(".detail", customer_id=customer.id, _anchor=anchor))
    return redirect(url_for(".index"))


def _customer_input():
    """The customer form as schema input; tags come as one comma-separated field."""
    data = form_input(request.form, CUSTOMER_FIELDS)
    data["tags"] = split_tags(request.form.get("tags"))
    data["custom_fields"] = submitted("customer", request.form)
    return data


def _render_form(customer, values, errors=None, status=200, duplicates=()):
    """The customer form, for a new customer when `customer` is None; `duplicates` are warned about."""
    owner_id = customer.owner_id if customer else None
    choose_owner = customer is None or has_permission(current_user, "customers.reassign")
    page = render_template("customers/form.html", customer=customer, values=values, errors=errors or {},
                           owners=assignable_users(owner_id) if choose_owner else [], duplicates=duplicates,
                           duplicate_message=duplicate_message(duplicates) if duplicates else None,
                           **picker_context(values))
    return page, status


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Create a customer; the owner defaults to the signed-in user."""
    if request.method == "GET":
        defaults = {"owner_id": current_user.id, "kind": "company", "status": "following", "level": "potential",
                    **default_values("customer")}
        return _render_form(None, defaults)
    try:
        data = CustomerSchema().load(_customer_input())
        # A customer that shares a key with existing ones is created only once the user has seen them.
        matches = [] if data.pop("allow_duplicate") else duplicate_matches(current_user, data)
        if matches:
            return _render_form(None, request.form, status=409, duplicates=matches)
        customer = service.create_customer(current_user, data)
    except ValidationError as err:
        db.session.rollback()
        return _render_form(None, request.form, field_errors(err), 422)
    return after_change(customer, _("Customer %(name)s created.", name=customer.name))


@bp.route("/<int:customer_id>/edit", methods=["GET", "POST"])
@login_required
def edit(customer_id):
    """Change a customer's details (and its owner, for roles that may reassign)."""
    customer = visible_customer_or_404(current_user, customer_id)
    service.require_manage(current_user, customer)
    if request.method == "GET":
        values = CustomerSchema().dump(customer)
        values["tags"] = ", ".join(customer.tags)
        return _render_form(customer, values)
    try:
        service.update_customer(current_user, customer, CustomerSchema().load(_customer_input()))
    except ValidationError as err:
        # The service may have set some attributes before refusing; none may be flushed.
        db.session.rollback()
        return _render_form(customer, request.form, field_errors(err), 422)
    return after_change(customer, _("Customer %(name)s saved.", name=customer.name))


@bp.route("/<int:customer_id>/reassign", methods=["POST"])
@login_required
def reassign(customer_id):
    """Give a customer to another owner."""
    customer = visible_customer_or_404(current_user, customer_id)
    service.require_manage(current_user, customer)
    try:
        data = ReassignSchema().load(form_input(request.form, ("owner_id",)))
        service.reassign_customer(current_user, customer, data["owner_id"])
    except ValidationError as err:
        db.session.rollback()
        return render_detail(customer, "reassign", request.form, field_errors(err), 422)
    return after_change(customer, _("Customer %(name)s now belongs to %(owner)s.",
                                    name=customer.name, owner=customer.owner.name))


@bp.route("/<int:customer_id>/delete", methods=["GET", "POST"])
@login_required
def delete(customer_id):
    """Delete a customer with everything hanging off it, after a confirmation page."""
    customer = visible_customer_or_404(current_user, customer_id)
    if request.method == "GET":
        require_permission(current_user, "customers.delete")
        service.require_manage(current_user, customer)
        return render_template("customers/delete.html", customer=customer)
    name = customer.name
    try:
        service.delete_customer(current_user, customer)
    except Conflict as refused:  # a module keeps records of it: say why, on the customer's page
        flash(refused.description, "error")
        return redirect(url_for(".detail", customer_id=customer_id))
    flash(_("Customer %(name)s deleted.", name=name), "success")
    return redirect(url_for(".index"))
