"""The reports pages under /sales/reports/: the list of reports, and each report's filters, charts and tables.

A report page renders the same answer its API gives (catalogue.py): the charts fetch
that API with the filters in force, and `?format=csv|xlsx` downloads the tables.
"""
from flask import render_template, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import current_user, field_errors, page_login_required, query_input

from plugins.sales_automation.blueprints import page_blueprint
from plugins.sales_automation.remit import remit_units
from plugins.sales_automation.reports.api import ENDPOINTS, download_response
from plugins.sales_automation.reports.catalogue import REPORTS, answer
from plugins.sales_automation.reports.cells import page_cell
from plugins.sales_automation.reports.schemas import SalesReportQuerySchema
from plugins.sales_automation.reports.scope import people_names, report_scope

bp = page_blueprint("reports", __name__)

FILTERS = ("from", "to", "unit_id", "rep_id", "format")


@bp.route("/")
@page_login_required
def index():
    """The reports there are, each with what it shows."""
    return render_template("sales_automation/reports/index.html", reports=list(REPORTS.values()),
                           endpoints=ENDPOINTS)


def report_page(name):
    """Report `name` with the filters of the query string: the page, or its tables as a download."""
    report = REPORTS[name]
    raw = query_input(request.args, FILTERS)
    errors = {}
    try:
        args = SalesReportQuerySchema().load(raw)
        scope = report_scope(current_user, args, months=report.months)
    except ValidationError as err:
        errors, args = field_errors(err), {"format": "json"}
        scope = report_scope(current_user, {}, months=report.months)
    found = answer(report, scope)
    if args["format"] != "json":
        return download_response(name, scope, found, args["format"])
    # The chart URLs and download links carry the filters in force, so each draws what the table shows.
    shown = {"from": scope.date_from.isoformat(), "to": scope.date_to.isoformat()}
    shown.update({key: value for key, value in (("unit_id", scope.unit_id), ("rep_id", scope.rep_id))
                  if value is not None})
    endpoint = ENDPOINTS[name]
    units = [(unit_id, "\u00a0\u00a0" * depth + unit_name) for unit_id, unit_name, depth in remit_units(current_user)]
    people = people_names(scope)
    page = render_template(
        "sales_automation/reports/report.html", report=report, answer=found, units=units,
        people=people if len(people) > 1 else [], endpoint=f"sales_reports.{endpoint}",
        api_url=url_for(f"sales_reports_api.{endpoint}", **shown),
        downloads=[(fmt, url_for(f"sales_reports.{endpoint}", **shown, format=fmt)) for fmt in ("csv", "xlsx")],
        filters={**shown, **{key: raw[key] for key in raw if key in errors}}, errors=errors, cell=page_cell)
    return page, 400 if errors else 200


def report_view(name, endpoint):
    """Register the page of report `name` at /sales/reports/<name> as `sales_reports.<endpoint>`."""

    def view():
        return report_page(name)

    view.__name__, view.__doc__ = endpoint, f"The page of the report {name}: filters, charts, tables, downloads."
    bp.add_url_rule(f"/{name}", endpoint, page_login_required(view))


for _name, _endpoint in ENDPOINTS.items():
    report_view(_name, _endpoint)
