"""The competitors API under /api/v1/sales/: the file, the bidders of an opportunity, the win/loss record."""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, api_permission_required, current_user, workspace_currency

from plugins.sales_automation.blueprints import api_blueprint
from plugins.sales_automation.competitors import record, service
from plugins.sales_automation.competitors.schemas import (
    SalesBidderListSchema, SalesBidderSchema, SalesCompetitorPageSchema, SalesCompetitorQuerySchema,
    SalesCompetitorRecordListSchema, SalesCompetitorRecordQuerySchema, SalesCompetitorSchema,
)
from plugins.sales_automation.permissions import COMPETITORS
from plugins.sales_automation.pipelines.service import opportunity_or_404

blp = api_blueprint("competitors", __name__, "Sales automation: competitors")


def bidder_item(bid, competitor):
    """A bid as SalesBidderSchema dumps it."""
    return {"competitor_id": competitor.id, "name": competitor.name, "notes": bid.notes, "created_at": bid.created_at}


@blp.route("/sales/competitors")
class Competitors(MethodView):
    """The workspace's file of competitors: everyone signed in reads it, `sales.competitors` writes it."""

    @api_login_required
    @blp.arguments(SalesCompetitorQuerySchema, location="query")
    @blp.response(200, SalesCompetitorPageSchema)
    def get(self, args):
        """List competitors by name, optionally matching `q` in the name or products."""
        items, next_cursor = service.competitor_page(args)
        return {"items": items, "next_cursor": next_cursor}

    @api_permission_required(COMPETITORS)
    @blp.arguments(SalesCompetitorSchema)
    @blp.response(201, SalesCompetitorSchema)
    def post(self, data):
        """Add a competitor; a name already in the file is a 422 on `name`."""
        return service.save_competitor(data)


@blp.route("/sales/competitors/<int:competitor_id>")
class CompetitorItem(MethodView):
    """One competitor of the file."""

    @api_login_required
    @blp.response(200, SalesCompetitorSchema)
    def get(self, competitor_id):
        """Read a competitor."""
        return service.competitor_or_404(competitor_id)

    @api_permission_required(COMPETITORS)
    @blp.arguments(SalesCompetitorSchema(partial=True))
    @blp.response(200, SalesCompetitorSchema)
    def patch(self, data, competitor_id):
        """Change a competitor."""
        return service.save_competitor(data, service.competitor_or_404(competitor_id))

    @api_permission_required(COMPETITORS)
    @blp.response(204)
    def delete(self, competitor_id):
        """Delete a competitor with its bids; deals it won no longer name a winner."""
        service.delete_competitor(service.competitor_or_404(competitor_id))


@blp.route("/sales/competitors/record")
class CompetitorRecords(MethodView):
    """The win/loss record against every competitor, over closed opportunities the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(SalesCompetitorRecordQuerySchema, location="query")
    @blp.response(200, SalesCompetitorRecordListSchema)
    def get(self, args):
        """Per competitor: met, won, lost, amounts, our win rate and their wins, in a period of closing."""
        items = record.competitor_records(current_user, args.get("closed_from"), args.get("closed_to"),
                                          args["sort"])
        return {"currency": workspace_currency(), "items": items}


@blp.route("/sales/opportunities/<int:opportunity_id>/competitors")
class Bidders(MethodView):
    """The competitors bidding for an opportunity the caller may see."""

    decorators = [api_login_required]

    @blp.response(200, SalesBidderListSchema)
    def get(self, opportunity_id):
        """List the bidders by name."""
        opportunity = opportunity_or_404(current_user, opportunity_id)
        return {"items": [bidder_item(bid, competitor) for bid, competitor in service.bidders(opportunity.id)]}

    @blp.arguments(SalesBidderSchema)
    @blp.response(201, SalesBidderSchema)
    def post(self, data, opportunity_id):
        """List a competitor as bidding (its owner or who may manage its customer); 409 when already listed."""
        opportunity = opportunity_or_404(current_user, opportunity_id)
        bid = service.add_bidder(current_user, opportunity, data["competitor_id"], data.get("notes"))
        return bidder_item(bid, service.competitor_or_404(bid.competitor_id))


@blp.route("/sales/opportunities/<int:opportunity_id>/competitors/<int:competitor_id>")
class BidderItem(MethodView):
    """One competitor bidding for an opportunity."""

    decorators = [api_login_required]

    @blp.response(204)
    def delete(self, opportunity_id, competitor_id):
        """Take the competitor off the opportunity's bidders."""
        service.remove_bidder(current_user, opportunity_or_404(current_user, opportunity_id), competitor_id)
