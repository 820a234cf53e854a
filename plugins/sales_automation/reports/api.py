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
    return send_file(write_download(found, args["format"]), mimetype=TABLE_MIMETYPES[args["format"]],
                     as_attachment=True, max_age=0, download_name=download_name(name, scope, args["format"]))


def download_name(name, scope, fmt):
    """The file name of a download: the report and its period."""
    return f"{name}-{scope.date_from:%Y%m%d}-{scope.date_to:%Y%m%d}.{fmt}"


@blp.route("/sales/reports/funnel", endpoint="funnel")
class Funnel(MethodView):
    """The sales funnel."""

    decorators = [api_login_required]

    @blp.arguments(SalesReportQuerySchema, location="query")
    @blp.response(200, SalesReportSchema)
    def get(self, args):
        """Stage-to-stage conversion per pipeline of the opportunities created in the period (default: 3 months)."""
        return report_response("funnel", args)


@blp.route("/sales/reports/win-rate", endpoint="win_rate")
class WinRate(MethodView):
    """Win rate and cycle."""

    decorators = [api_login_required]

    @blp.arguments(SalesReportQuerySchema, location="query")
    @blp.response(200, SalesReportSchema)
    def get(self, args):
        """Win rate, average deal size and sales cycle of the deals closed in the period, per rep and unit."""
        return report_response("win-rate", args)


@blp.route("/sales/reports/performance", endpoint="performance")
class Performance(MethodView):
    """Monthly rep performance."""

    decorators = [api_login_required]

    @blp.arguments(SalesReportQuerySchema, location="query")
    @blp.response(200, SalesReportSchema)
    def get(self, args):
        """Activities, customers, deals won, contracts, collections, quota and attainment per rep (default: last month)."""
        return report_response("performance", args)


@blp.route("/sales/reports/collection", endpoint="collection")
class Collection(MethodView):
    """Collection."""

    decorators = [api_login_required]

    @blp.arguments(SalesReportQuerySchema, location="query")
    @blp.response(200, SalesReportSchema)
    def get(self, args):
        """Amounts due against collected per month, outstanding and overdue (default: the last 6 full months)."""
        return report_response("collection", args)
