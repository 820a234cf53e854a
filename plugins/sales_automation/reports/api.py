"""The reports API under /api/v1/sales/reports/: each report's tables and chart data in one answer, or a download.

`?format=csv` or `?format=xlsx` answers the same tables as a file; a unit or rep
outside the caller's remit is a 422 field error.
"""
from flask import send_file
from flask.views import MethodView

from crm_platform.sdk import TABLE_MIMETYPES, api_login_required, current_user

from plugins.sales_automation.blueprints import api_blueprint
from plugins.sales_automation.reports.catalogue import REPORTS, answer
from plugins.sales_automation.reports.cells import json_answer, write_download
from plugins.sales_automation.reports.schemas import SalesReportQuerySchema, SalesReportSchema
from plugins.sales_automation.reports.scope import report_scope

blp = api_blueprint("reports", __name__, "Sales reports: funnel, win rate and cycle, monthly rep performance, collection; each as chart data and as CSV or .xlsx.")


def report_response(name, args):
    """The answer of report `name` for the caller and the loaded `args`: JSON data, or the CSV or .xlsx file."""
    report = REPORTS[name]
    scope = report_scope(current_user, args, months=report.months)
    found = answer(report, scope)
    if args["format"] == "json":
        return json_answer(found)
    return download_response(name, scope, found, args["format"])


def download_response(name, scope, found, fmt):
    """The answer `found` of report `name` as a CSV or .xlsx download named after the report and its period."""
    return send_file(write_download(found, fmt), mimetype=TABLE_MIMETYPES[fmt], as_attachment=True, max_age=0,
                     download_name=f"{name}-{scope.date_from:%Y%m%d}-{scope.date_to:%Y%m%d}.{fmt}")


def report_route(name, endpoint, summary):
    """Register `GET /sales/reports/<name>` answering report `name`, documented in the OpenAPI by `summary`."""

    def get(self, args):
        return report_response(name, args)

    # The OpenAPI summary is the docstring, read when the decorators run: set it first.
    get.__doc__ = summary
    get = blp.response(200, SalesReportSchema)(blp.arguments(SalesReportQuerySchema, location="query")(get))
    view = type(f"{endpoint.title().replace('_', '')}Report", (MethodView,),
                {"__doc__": str(REPORTS[name].title), "decorators": [api_login_required], "get": get})
    return blp.route(f"/sales/reports/{name}", endpoint=endpoint)(view)


ENDPOINTS = {"funnel": "funnel", "win-rate": "win_rate", "performance": "performance", "collection": "collection"}
"""The API endpoint (and page view) of each report."""
for _name, _summary in (
        ("funnel", "Stage-to-stage conversion per pipeline of the opportunities created in the period (default: "
                   "the last 3 full months)."),
        ("win-rate", "Win rate, average deal size and sales cycle of the deals closed in the period, per rep and "
                     "unit (default: the last 3 full months)."),
        ("performance", "Activities, customers, deals won, contracts, collections, quota and attainment per rep "
                        "(default: the last full month)."),
        ("collection", "Amounts due against collected per month, outstanding and overdue (default: the last 6 full "
                       "months)."),
):
    report_route(_name, ENDPOINTS[_name], _summary)
