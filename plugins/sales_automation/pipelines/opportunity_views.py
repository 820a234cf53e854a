"""Opportunity pages: create (from a customer or not), the detail with its stage history, edit."""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.sdk import (
    Customer, User, current_user, customer_criterion, db, field_errors, gettext as _, page_login_required,
    visible_customer_or_404, workspace_currency,
)

from plugins.sales_automation.models import Competitor
from plugins.sales_automation.pipelines import opportunities
from plugins.sales_automation.pipelines.endpoints import bp
from plugins.sales_automation.pipelines.forms import submitted
from plugins.sales_automation.pipelines.history import duration_text, history
from plugins.sales_automation.pipelines.schemas import SalesOpportunitySchema, SalesOpportunityUpdateSchema
from plugins.sales_automation.pipelines.service import opportunity_or_404, pipelines, stages_of

OPPORTUNITY_PARTIALS = (
    "sales_automation/competitors/_opportunity.html",
    "sales_automation/todos/_opportunity.html",
    "sales_automation/quotes/_opportunity.html",
    "sales_automation/contracts/_opportunity.html",
)
"""Other features' parts of the opportunity page, each included (if it exists) with `opportunity`, `customer`,
`can_manage`; docs/sales.md describes the contract."""
FIELDS = ("name", "customer_id", "contact_id", "owner_id", "amount", "currency", "expected_close", "source",
          "description", "probability", "forecast_category", "pipeline_id")
CUSTOMER_CHOICES = 200
"""Customers offered by the form's select; opening the form from a customer's page works for any."""


def _form(template_values, opportunity=None, customer=None, errors=None, status=200):
    """Render the opportunity form with its choices."""
    customers = [] if customer else db.session.execute(
        select(Customer.id, Customer.name).where(customer_criterion(current_user))
        .order_by(Customer.name, Customer.id).limit(CUSTOMER_CHOICES)).all()
    page = render_template(
        "sales_automation/pipelines/form.html", opportunity=opportunity, customer=customer, values=template_values,
        errors=errors or {}, customers=customers, pipelines=[(p.id, p.name) for p in pipelines()],
        contacts=[(c.id, c.name) for c in opportunities.contacts_of(customer.id)] if customer else [],
        owners=[(u.id, u.name) for u in opportunities.assignable_owners(current_user)],
        forecast_labels=opportunities.FORECAST_LABELS)
    return page, status


@bp.route("/opportunities/new", methods=["GET", "POST"])
@page_login_required
def new():
    """Create an opportunity; from a customer's page (`customer_id`) its customer is set."""
    customer_id = request.values.get("customer_id", "")
    customer = visible_customer_or_404(current_user, int(customer_id)) if customer_id.isdigit() else None
    values = {"owner_id": current_user.id, "currency": workspace_currency(), "forecast_category": "pipeline"}
    if request.method == "POST":
        values = submitted(request.form, FIELDS)
        try:
            opportunity = opportunities.create(current_user, SalesOpportunitySchema().load(values))
        except ValidationError as error:
            return _form(values, customer=customer, errors=field_errors(error), status=422)
        flash(_("Opportunity %(name)s created.", name=opportunity.name), "success")
        return redirect(url_for(".detail", opportunity_id=opportunity.id))
    return _form(values, customer=customer)


@bp.route("/opportunities/<int:opportunity_id>")
@page_login_required
def detail(opportunity_id):
    """An opportunity: its fields, stage, history with the time in each stage, and the other features' parts."""
    opportunity = opportunity_or_404(current_user, opportunity_id)
    stages = stages_of(opportunity.pipeline_id)
    stage = next(s for s in stages if s.id == opportunity.stage_id)
    winner = db.session.scalar(select(Competitor.name).where(Competitor.id == opportunity.winner_competitor_id)
                               ) if opportunity.winner_competitor_id else None
    owner = db.session.scalar(select(User.name).where(User.id == opportunity.owner_id))
    return render_template(
        "sales_automation/pipelines/detail.html", opportunity=opportunity,
        customer=opportunities.customer_of(opportunity),
        can_manage=opportunities.may_change(current_user, opportunity), stage=stage, stages=stages, owner=owner,
        winner=winner, history=history(opportunity), duration_text=duration_text, partials=OPPORTUNITY_PARTIALS,
        forecast_labels=opportunities.FORECAST_LABELS, contact=_contact_name(opportunity))


def _contact_name(opportunity):
    """The name of the opportunity's contact, if it has one."""
    if opportunity.contact_id is None:
        return None
    return next((c.name for c in opportunities.contacts_of(opportunity.customer_id) if c.id == opportunity.contact_id),
                None)


@bp.route("/opportunities/<int:opportunity_id>/edit", methods=["GET", "POST"])
@page_login_required
def edit(opportunity_id):
    """Change an opportunity's fields (its owner, or someone who manages its customer)."""
    opportunity = opportunity_or_404(current_user, opportunity_id)
    opportunities.require_change(current_user, opportunity)
    customer = opportunities.customer_of(opportunity)
    if request.method == "POST":
        values = submitted(request.form, FIELDS[:1] + FIELDS[2:-1])
        try:
            opportunities.update(current_user, opportunity, SalesOpportunityUpdateSchema().load(values))
        except ValidationError as error:
            return _form(values, opportunity, customer, field_errors(error), 422)
        flash(_("Opportunity %(name)s saved.", name=opportunity.name), "success")
        return redirect(url_for(".detail", opportunity_id=opportunity.id))
    values = {name: getattr(opportunity, name) for name in FIELDS[:1] + FIELDS[2:-1]}
    return _form(values, opportunity, customer)
