"""The service metrics API under /api/v1/service/metrics: the numbers behind each chart of the metrics page.

Each answer is the SDK's ChartSchema, the same data the page's table of numbers is
rendered from; figures cover what the caller may see (scope.py).
"""
from flask.views import MethodView

from crm_platform.sdk import ChartSchema, api_login_required, current_user

from plugins.service_support.blueprints import api_blueprint
from plugins.service_support.metrics.queries import backlog, satisfaction, sla_compliance
from plugins.service_support.metrics.schemas import (
    ServiceMetricsQuerySchema, ServiceMetricsSlaQuerySchema, ServiceMetricsTimesQuerySchema,
)
from plugins.service_support.metrics.scope import metrics_scope
from plugins.service_support.metrics.times import response_times

blp = api_blueprint("metrics", __name__, "Service metrics: response and resolution times, SLA compliance, backlog, satisfaction.")


@blp.route("/service/metrics/response-times", endpoint="response_times")
class ResponseTimes(MethodView):
    """First-response and resolution times."""

    decorators = [api_login_required]

    @blp.arguments(ServiceMetricsTimesQuerySchema, location="query")
    @blp.response(200, ChartSchema)
    def get(self, args):
        """Median and average business hours to the first response and to resolution, per person or team."""
        return response_times(metrics_scope(current_user, args), args["group"])


@blp.route("/service/metrics/sla-compliance", endpoint="sla_compliance")
class SlaCompliance(MethodView):
    """SLA compliance."""

    decorators = [api_login_required]

    @blp.arguments(ServiceMetricsSlaQuerySchema, location="query")
    @blp.response(200, ChartSchema)
    def get(self, args):
        """The share of first-response and resolution targets met (settled in the period), per team or target."""
        return sla_compliance(metrics_scope(current_user, args), args["group"])


@blp.route("/service/metrics/backlog", endpoint="backlog")
class Backlog(MethodView):
    """The open tickets by age."""

    decorators = [api_login_required]

    @blp.arguments(ServiceMetricsQuerySchema, location="query")
    @blp.response(200, ChartSchema)
    def get(self, args):
        """Open tickets now, by age (under 1 day, 1–3, 3–7, 7–30, over 30 days) and priority; the unit applies."""
        return backlog(metrics_scope(current_user, args))


@blp.route("/service/metrics/satisfaction", endpoint="satisfaction")
class Satisfaction(MethodView):
    """Satisfaction over time."""

    decorators = [api_login_required]

    @blp.arguments(ServiceMetricsQuerySchema, location="query")
    @blp.response(200, ChartSchema)
    def get(self, args):
        """Surveys answered each week of the period (weeks from Monday): the average score and how many."""
        return satisfaction(metrics_scope(current_user, args))
