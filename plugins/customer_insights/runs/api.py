"""API of the runs feature, under /api/v1/insights/runs: start a computation, list the runs, read one."""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, api_permission_required, current_user, lazy_gettext as _l

from plugins.customer_insights.blueprints import api_blueprint
from plugins.customer_insights.permissions import CONFIGURE
from plugins.customer_insights.runs import service
from plugins.customer_insights.runs.schemas import (
    InsightsRunPageSchema, InsightsRunQuerySchema, InsightsRunSchema, InsightsRunStartedSchema, InsightsRunStartSchema,
)

blp = api_blueprint("runs", __name__, _l("Customer insights: computations of the figures and their fitted models"))


@blp.route("/insights/runs")
class Runs(MethodView):
    """The workspace's computations."""

    @api_login_required
    @blp.arguments(InsightsRunQuerySchema, location="query")
    @blp.response(200, InsightsRunPageSchema)
    def get(self, args):
        """List the runs, newest first (counts, models and errors only with insights.configure)."""
        runs, cursor = service.runs_page(args.get("cursor"), args["limit"])
        full = service.may_configure()
        return {"items": [service.described(run, full) for run in runs], "next_cursor": cursor}

    @api_permission_required(CONFIGURE)
    @blp.arguments(InsightsRunStartSchema)
    @blp.response(202, InsightsRunStartedSchema)
    def post(self, data):
        """Start a computation as a background job: 409 while one is under way, 503 when jobs are down."""
        return service.started(service.start(current_user, data.get("as_of")))


@blp.route("/insights/runs/<int:run_id>")
class RunItem(MethodView):
    """One computation."""

    @api_login_required
    @blp.response(200, InsightsRunSchema)
    def get(self, run_id):
        """Read a run with its fitted parameters (with insights.configure)."""
        return service.described(service.run_or_404(run_id), service.may_configure())
