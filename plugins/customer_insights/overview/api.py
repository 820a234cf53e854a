"""API of the overview feature, under /api/v1/insights/: every figure of the customers the caller may see."""
from crm_platform.sdk import api_login_required, current_user, lazy_gettext as _l

from plugins.customer_insights.blueprints import api_blueprint
from plugins.customer_insights.overview.figures import overview
from plugins.customer_insights.overview.pareto import pareto
from plugins.customer_insights.overview.schemas import (
    InsightsOverviewSchema, InsightsParetoSchema, InsightsTransitionsQuerySchema, InsightsTransitionsSchema,
)
from plugins.customer_insights.overview.transitions import transitions

blp = api_blueprint("overview", __name__, _l("Customer insights: overview"))


@blp.route("/insights/overview")
@api_login_required
@blp.response(200, InsightsOverviewSchema)
def get_overview():
    """The loyalty pyramid, ABC classes and RFM segments of the customers the caller may see, and the last run."""
    return overview(current_user)


@blp.route("/insights/pareto")
@api_login_required
@blp.response(200, InsightsParetoSchema)
def get_pareto():
    """The Pareto curve of the caller's customers: cumulative share of revenue against share of customers."""
    return pareto(current_user)


@blp.route("/insights/transitions")
@api_login_required
@blp.arguments(InsightsTransitionsQuerySchema, location="query")
@blp.response(200, InsightsTransitionsSchema)
def get_transitions(args):
    """Moves of the caller's customers between layers from one monthly snapshot to another (?from=&to=, YYYY-MM)."""
    return transitions(current_user, args.get("first"), args.get("second"))
