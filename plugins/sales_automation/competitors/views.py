"""The competitors pages under /sales/competitors: the file, the win/loss record, and bidders on opportunities."""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import Conflict

from crm_platform.sdk import (
    current_user, field_errors, gettext as _, has_permission, list_page, page_login_required,
    page_permission_required, workspace_currency,
)

from plugins.sales_automation.competitors import record, service
from plugins.sales_automation.competitors.schemas import (
    SalesBidderSchema, SalesCompetitorQuerySchema, SalesCompetitorRecordQuerySchema, SalesCompetitorSchema,
)
from plugins.sales_automation.blueprints import page_blueprint
from plugins.sales_automation.permissions import COMPETITORS
from plugins.sales_automation.pipelines.service import opportunity_or_404
from plugins.sales_automation.todos.pages import back

bp = page_blueprint("competitors", __name__)

FIELDS = ("name", "website", "strengths", "weaknesses", "products")


@bp.app_template_global("sales_opportunity_bidders")
def opportunity_bidders(opportunity_id):
    """[(bid, competitor)] on an opportunity, for the opportunity page's partial (the page checked visibility)."""
    return service.bidders(opportunity_id)


@bp.app_template_global("sales_competitor_names")
def competitor_names():
    """{id: name} of the competitor file, for the partial's choice and a lost deal's winner."""
    return service.competitor_names()


@bp.route("/")
@page_login_required
def index():
    """The competitor file, by name, with a search."""
    raw = {key: request.args[key].strip() for key in ("q", "cursor") if request.args.get(key, "").strip()}
    items, next_cursor, problem = list_page(SalesCompetitorQuerySchema(), raw, service.competitor_page)
    page = render_template("sales_automation/competitors/index.html", competitors=items, next_cursor=next_cursor,
                           filters={k: v for k, v in raw.items() if k != "cursor"}, on_later_page="cursor" in raw,
                           problem=problem, may_edit=has_permission(current_user, COMPETITORS))
    return page, 400 if problem else 200


def form_page(competitor=None):
    """Show and save the competitor form: new, or for `competitor`."""
    values = {key: getattr(competitor, key) for key in FIELDS} if competitor else {}
    errors = {}
    if request.method == "POST":
        values = {key: request.form.get(key, "") for key in FIELDS}
        try:
            saved = service.save_competitor(SalesCompetitorSchema().load(values), competitor)
        except ValidationError as err:
            errors = field_errors(err)
        else:
            flash(_("Competitor %(name)s saved.", name=saved.name), "success")
            return redirect(url_for(".detail", competitor_id=saved.id))
    page = render_template("sales_automation/competitors/form.html", competitor=competitor, values=values,
                           errors=errors)
    return page, 422 if errors else 200


@bp.route("/new", methods=["GET", "POST"])
@page_permission_required(COMPETITORS)
def new():
    """Add a competitor to the file."""
    return form_page()


@bp.route("/<int:competitor_id>")
@page_login_required
def detail(competitor_id):
    """A competitor's file: strengths, weaknesses, products and the opportunities they bid on."""
    competitor = service.competitor_or_404(competitor_id)
    return render_template("sales_automation/competitors/detail.html", competitor=competitor,
                           opportunities=service.bid_opportunities(current_user, competitor.id),
                           may_edit=has_permission(current_user, COMPETITORS))


@bp.route("/<int:competitor_id>/edit", methods=["GET", "POST"])
@page_permission_required(COMPETITORS)
def edit(competitor_id):
    """Change a competitor's file."""
    return form_page(service.competitor_or_404(competitor_id))


@bp.route("/<int:competitor_id>/delete", methods=["POST"])
@page_permission_required(COMPETITORS)
def delete(competitor_id):
    """Delete a competitor and its bids."""
    competitor = service.competitor_or_404(competitor_id)
    service.delete_competitor(competitor)
    flash(_("Competitor %(name)s deleted.", name=competitor.name), "success")
    return redirect(url_for(".index"))


@bp.route("/record")
@page_login_required
def record_page():
    """The win/loss record against each competitor, in a period of closing, sortable by column."""
    raw = {key: request.args[key].strip() for key in ("closed_from", "closed_to", "sort")
           if request.args.get(key, "").strip()}
    errors, records = {}, []
    try:
        args = SalesCompetitorRecordQuerySchema().load(raw)
    except ValidationError as err:
        errors = field_errors(err)
    else:
        records = record.competitor_records(current_user, args.get("closed_from"), args.get("closed_to"),
                                            args["sort"])
    page = render_template("sales_automation/competitors/record.html", records=records, filters=raw, errors=errors,
                           sort=raw.get("sort", "name"), currency=workspace_currency())
    return page, 400 if errors else 200


@bp.route("/opportunities/<int:opportunity_id>")
@page_login_required
def opportunity(opportunity_id):
    """The competitors bidding for one opportunity (the partial the opportunity page shows, on a page of its own)."""
    deal = opportunity_or_404(current_user, opportunity_id)
    return render_template("sales_automation/competitors/opportunity.html", opportunity=deal,
                           can_manage=service.may_change_opportunity(current_user, deal))


@bp.route("/opportunities/<int:opportunity_id>/bidders", methods=["POST"])
@page_login_required
def add_bidder(opportunity_id):
    """List a competitor as bidding for an opportunity, then go back to where the form was."""
    deal = opportunity_or_404(current_user, opportunity_id)
    fallback = url_for(".opportunity", opportunity_id=deal.id)
    try:
        competitor_id = SalesBidderSchema(only=("competitor_id",)).load(
            {"competitor_id": request.form.get("competitor_id", "")})["competitor_id"]
    except ValidationError:
        flash(_("Choose a competitor."), "error")
        return back(fallback)
    try:
        service.add_bidder(current_user, deal, competitor_id, request.form.get("notes", "").strip()[:500] or None)
    except (ValidationError, Conflict) as err:
        flash(" ".join(field_errors(err).values()) if isinstance(err, ValidationError) else err.description,
              "error")
    else:
        flash(_("Competitor added to the opportunity."), "success")
    return back(fallback)


@bp.route("/opportunities/<int:opportunity_id>/bidders/<int:competitor_id>/delete", methods=["POST"])
@page_login_required
def remove_bidder(opportunity_id, competitor_id):
    """Take a competitor off an opportunity's bidders, then go back to where the form was."""
    deal = opportunity_or_404(current_user, opportunity_id)
    service.remove_bidder(current_user, deal, competitor_id)
    flash(_("Competitor removed from the opportunity."), "success")
    return back(url_for(".opportunity", opportunity_id=deal.id))
