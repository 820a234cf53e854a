"""The opportunities and board API under /api/v1/sales/ (pipelines and stages: pipelines_api.py)."""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, current_user, dumped_response, visible_customer_or_404

from plugins.sales_automation.pipelines import board, opportunities, pipelines_api  # noqa: F401  (routes)
from plugins.sales_automation.pipelines.config import pipeline_or_404, stage_or_404
from plugins.sales_automation.pipelines.endpoints import blp
from plugins.sales_automation.pipelines.history import history
from plugins.sales_automation.pipelines.opportunity_rows import card_rows, opportunity_rows
from plugins.sales_automation.pipelines.schemas import (
    SalesBoardQuerySchema, SalesBoardSchema, SalesCardPageSchema, SalesMoveSchema, SalesOpportunityPageSchema,
    SalesOpportunityQuerySchema, SalesOpportunitySchema, SalesOpportunityUpdateSchema, SalesStageStaySchema,
)
from plugins.sales_automation.pipelines.service import default_pipeline, opportunity_or_404, stages_of

# The rules raise marshmallow's ValidationError; the core answers it as a 422 with per-field messages.
__all__ = ["blp"]


@blp.route("/sales/opportunities")
class Opportunities(MethodView):
    """Opportunities the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(SalesOpportunityQuerySchema, location="query")
    @blp.response(200, SalesOpportunityPageSchema)
    def get(self, args):
        """List one pipeline's opportunities with the board's filters, in `sort` order, a cursor page at a time."""
        pipeline_id = args.get("pipeline_id") or default_pipeline().id
        if args.get("customer_id") is not None:
            visible_customer_or_404(current_user, args["customer_id"])
        items, next_cursor = opportunity_rows(current_user, pipeline_id, args, args["sort"], args.get("cursor"),
                                              args["limit"])
        # Dumped by the lean path already (opportunity_rows.py); the schema above documents it.
        return dumped_response({"items": items, "next_cursor": next_cursor})

    @blp.arguments(SalesOpportunitySchema)
    @blp.response(201, SalesOpportunitySchema)
    def post(self, data):
        """Create an opportunity on a customer the caller may see, in an open stage (default: the first)."""
        return opportunities.create(current_user, data)


@blp.route("/sales/opportunities/<int:opportunity_id>")
class OpportunityItem(MethodView):
    """One opportunity the caller may see."""

    decorators = [api_login_required]

    @blp.response(200, SalesOpportunitySchema)
    def get(self, opportunity_id):
        """Read an opportunity."""
        return opportunity_or_404(current_user, opportunity_id)

    @blp.arguments(SalesOpportunityUpdateSchema)
    @blp.response(200, SalesOpportunitySchema)
    def patch(self, data, opportunity_id):
        """Change an opportunity (its owner, or a user who manages its customer)."""
        opportunity = opportunity_or_404(current_user, opportunity_id)
        return opportunities.update(current_user, opportunity, data)


@blp.route("/sales/opportunities/<int:opportunity_id>/move")
class OpportunityMove(MethodView):
    """Moving an opportunity between the stages of its pipeline (the board's drag and drop)."""

    decorators = [api_login_required]

    @blp.arguments(SalesMoveSchema)
    @blp.response(200, SalesOpportunitySchema)
    def post(self, data, opportunity_id):
        """Move to a stage; won and lost need `close_reason`, lost may name `winner_competitor_id`."""
        opportunity = opportunity_or_404(current_user, opportunity_id)
        return opportunities.move(current_user, opportunity, data["stage_id"], data.get("close_reason"),
                                  data.get("winner_competitor_id"))


@blp.route("/sales/opportunities/<int:opportunity_id>/history")
class OpportunityHistory(MethodView):
    """The stage history of an opportunity."""

    decorators = [api_login_required]

    @blp.response(200, SalesStageStaySchema(many=True))
    def get(self, opportunity_id):
        """Every stay in a stage, oldest first, with the seconds spent there (the current one up to now)."""
        return history(opportunity_or_404(current_user, opportunity_id))


@blp.route("/sales/pipelines/<int:pipeline_id>/board")
class Board(MethodView):
    """A pipeline's Kanban board."""

    decorators = [api_login_required]

    @blp.arguments(SalesBoardQuerySchema, location="query")
    @blp.response(200, SalesBoardSchema)
    def get(self, args, pipeline_id):
        """Every column with its count and totals (what the caller may see, filtered) and its first cards."""
        pipeline = pipeline_or_404(pipeline_id)
        columns = board.board(current_user, pipeline.id, args, args["limit"])
        shown = board.cards([card for column in columns for card in column["cards"]])
        by_id = {card["id"]: card for card in shown}
        pipeline.stages = stages_of(pipeline.id)
        return {"pipeline": pipeline, "columns": [
            {"stage": c["stage"], "count": c["count"], "next_cursor": c["next_cursor"],
             "totals": [{"currency": k, "amount": v} for k, v in sorted(c["totals"].items())],
             "items": [by_id[o.id] for o in c["cards"]]} for c in columns]}


@blp.route("/sales/pipelines/<int:pipeline_id>/stages/<int:stage_id>/cards")
class Column(MethodView):
    """One column of the board, a page at a time ("Load more")."""

    decorators = [api_login_required]

    @blp.arguments(SalesBoardQuerySchema, location="query")
    @blp.response(200, SalesCardPageSchema)
    def get(self, args, pipeline_id, stage_id):
        """The column's next cards after `cursor`, newest in the stage first, with the board's filters."""
        pipeline = pipeline_or_404(pipeline_id)
        stage = stage_or_404(pipeline, stage_id)
        items, next_cursor = card_rows(current_user, pipeline.id, stage.id, args, args.get("cursor"), args["limit"])
        return dumped_response({"items": items, "next_cursor": next_cursor})  # dumped already (opportunity_rows.py)
