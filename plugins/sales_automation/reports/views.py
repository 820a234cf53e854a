"""The reports pages under /sales/reports/: the list of reports, and each report's filters, charts and tables.

A report page renders the same answer its API gives (catalogue.py): the charts fetch
that API with the filters in force, and `?format=csv|xlsx` downloads the tables.
"""
from flask import render_template, request, send_file, url_for
from marshmallow import ValidationError

from crm_platform.sdk import (
    TABLE_MIMETYPES, current_user, field_errors, page_login_required, query_input,
)

from plugins.sales_automation.blueprints import page_blueprint
from plugins.sales_automation.remit import remit_units
from plugins.sales_automation.reports.api import download_name
from plugins.sales_automation.reports.catalogue import REPORTS, answer
from plugins.sales_automation.reports.cells import page_cell, write_download
from plugins.sales_automation.reports.schemas import SalesReportQuerySchema
from plugins.sales_automation.reports.scope import people_names, report_scope

bp = page_blueprint("reports", __name__)

FILTERS = ("from", "to", "unit_id", "rep_id", "format")
API_ENDPOINTS = {"funnel": "funnel", "win-rate": "win_rate", "performance": "performance",
                 "collection": "collection"}


@bp.route("/")
@page_login_required
def index():
    """The reports there are, each with what it shows."""
    return render_template("sales_automation/reports/index.html", reports=list(REPORTS.values()),
                           endpoints=API_ENDPOINTS)


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
        return send_file(write_download(found, args["format"]), mimetype=TABLE_MIMETYPES[args["format"]],
                         as_attachment=True, max_age=0, download_name=download_name(name, scope, args["format"]))
    # The chart URLs and download links carry the filters in force, so each draws what the table shows.
    shown = {"from": scope.date_from.isoformat(), "to": scope.date_to.isoformat()}
    shown.update({key: value for key, value in (("unit_id", scope.unit_id), ("rep_id", scope.rep_id))
                  if value is not None})
    endpoint = API_ENDPOINTS[name]
    units = [(unit_id, "\u00a0\u00a0" * depth + unit_name) for unit_id, unit_name, depth in remit_units(current_user)]
    people = people_names(scope)
    page = render_template(
        "sales_automation/reports/report.html", report=report, answer=found, units=units,
        people=people if len(people) > 1 else [], endpoint=f"sales_reports.{endpoint}",
        api_url=url_for(f"sales_reports_api.{endpoint}", **shown),
        downloads=[(fmt, url_for(f"sales_reports.{endpoint}", **shown, format=fmt)) for fmt in ("csv", "xlsx")],
        filters={**shown, **{key: raw[key] for key in raw if key in errors}}, errors=errors, cell=page_cell)
    return page, 400 if errors else 200


@bp.route("/funnel")
@page_login_required
def funnel():
    """The sales funnel: stage-to-stage conversion per pipeline."""
    return report_page("funnel")


@bp.route("/win-rate")
@page_login_required
def win_rate():
    """Win rate, average deal size and sales cycle per rep and unit."""
    return report_page("win-rate")


@bp.route("/performance")
@page_login_required
def performance():
    """Monthly rep performance with attainment gauges."""
    return report_page("performance")


@bp.route("/collection")
@page_login_required
def collection():
    """Amounts due against collected per month."""
    return report_page("collection")
