"""The forecast API under /api/v1/ (this blueprint's routes start with /sales/)."""
from flask.views import MethodView

from crm_platform.sdk import ChartSchema, api_login_required, api_permission_required, current_user, db, workspace_today

from plugins.sales_automation.blueprints import api_blueprint
from plugins.sales_automation.forecast import history, service
from plugins.sales_automation.forecast.schemas import (
    SalesAdjustmentInputSchema, SalesAdjustmentPageSchema, SalesAdjustmentQuerySchema, SalesAdjustmentSchema,
    SalesAttainmentQuerySchema, SalesForecastQuerySchema, SalesForecastSchema,
)
from plugins.sales_automation.permissions import FORECAST_ADJUST
from plugins.sales_automation.quotas.service import month_span, month_start

blp = api_blueprint("forecast", __name__, "The forecast: weighted pipeline by month of expected close, rolled up along the org tree, with managers' adjustments.")


@blp.route("/sales/forecast")
class Forecast(MethodView):
    """The forecast the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(SalesForecastQuerySchema, location="query")
    @blp.response(200, SalesForecastSchema)
    def get(self, args):
        """Per month (this and the next two by default): each unit's subtotal and each person's figures.

        A rep sees their own; a manager their units and people; executives the
        company. A `unit_id` outside the caller's remit is a field error (422).
        """
        return service.forecast(current_user, *month_span(args["month_from"], args["month_to"]), args["unit_id"])


@blp.route("/sales/forecast/attainment")
class Attainment(MethodView):
    """Quota attainment of one month as a chart (gauges) and its table."""

    decorators = [api_login_required]

    @blp.arguments(SalesAttainmentQuerySchema, location="query")
    @blp.response(200, ChartSchema)
    def get(self, args):
        """Attainment in percent per unit (per person for a rep), with what was achieved, the quota and weighted."""
        return history.attainment_chart(current_user, month_start(args["month"] or workspace_today()),
                                        args["unit_id"])


@blp.route("/sales/forecast/adjustments")
class Adjustments(MethodView):
    """Managers' adjustments of the forecast."""

    decorators = [api_login_required]

    @blp.arguments(SalesAdjustmentQuerySchema, location="query")
    @blp.response(200, SalesAdjustmentPageSchema)
    def get(self, args):
        """The history the caller may read (made by them or people below them, of their remit), latest first."""
        items, next_cursor = history.adjustment_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}

    @api_permission_required(FORECAST_ADJUST)
    @blp.arguments(SalesAdjustmentInputSchema)
    @blp.response(201, SalesAdjustmentSchema)
    def post(self, data):
        """Adjust a person's or unit's figure of a month (`sales.forecast_adjust`), with a required note.

        The computed figure is kept beside it; a later adjustment of the same figure
        supersedes this one and both stay in the history.
        """
        adjustment = service.adjust(current_user, data["month"], data["subject_kind"], data["subject_id"],
                                    data["figure"], data["amount"], data["note"])
        db.session.commit()
        return history.described(adjustment)
