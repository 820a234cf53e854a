"""The service metrics page: charts of response and resolution times, SLA compliance, backlog and satisfaction."""
from flask import render_template, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import current_user, field_errors, lazy_gettext as _l, page_login_required, query_input

from plugins.service_support.blueprints import page_blueprint
from plugins.service_support.metrics.queries import backlog, satisfaction, sla_compliance
from plugins.service_support.metrics.schemas import ServiceMetricsQuerySchema
from plugins.service_support.metrics.scope import metrics_scope, unit_choices
from plugins.service_support.metrics.times import response_times

bp = page_blueprint("metrics", __name__)

FILTERS = ("from", "to", "unit_id")
CHARTS = (
    # id, kind, title, API endpoint, its grouping, the numbers, the table's first column, the gauge's scale
    ("times-person", "bar", _l("First response and resolution per person"), "response_times", "person",
     response_times, _l("Person"), None),
    ("times-team", "bar", _l("First response and resolution per team"), "response_times", "team",
     response_times, _l("Team"), None),
    ("sla-target", "gauge", _l("SLA targets met"), "sla_compliance", "target", sla_compliance, _l("Target"), 100),
    ("sla-team", "bar", _l("SLA targets met per team"), "sla_compliance", "team", sla_compliance, _l("Team"), None),
    ("backlog", "bar", _l("Open tickets by age and priority (now)"), "backlog", None, backlog, _l("Age"), None),
    ("satisfaction", "line", _l("Satisfaction per week"), "satisfaction", None, satisfaction, _l("Week from"), None),
)


@bp.route("/")
@page_login_required
def index():
    """The metrics of the period and unit chosen: each chart drawn from its API endpoint, with its numbers."""
    raw = query_input(request.args, FILTERS)
    errors = {}
    try:
        scope = metrics_scope(current_user, ServiceMetricsQuerySchema().load(raw))
    except ValidationError as err:
        errors = field_errors(err)
        scope = metrics_scope(current_user, {})
    # The API URLs carry the period and unit in force, so each chart draws the numbers its table shows.
    shown = {"from": scope.date_from.isoformat(), "to": scope.date_to.isoformat()}
    if scope.unit_id is not None:
        shown["unit_id"] = scope.unit_id
    charts = []
    for chart_id, kind, title, endpoint, group, numbers, category_label, scale in CHARTS:
        extra = {"group": group} if group else {}
        charts.append({"id": chart_id, "kind": kind, "title": title, "category_label": category_label, "max": scale,
                       "data": numbers(scope, **extra),
                       "api_url": url_for(f"service_metrics_api.{endpoint}", **shown, **extra)})
    # Indented under their parent, as the org chart shows them.
    units = [(unit_id, "\u00a0\u00a0" * depth + name) for unit_id, name, depth in unit_choices(current_user)]
    page = render_template("service_support/metrics/index.html", charts=charts, units=units,
                           filters={**shown, **{key: raw[key] for key in raw if key in errors}}, errors=errors,
                           everyone=scope.everyone)
    return page, 400 if errors else 200
