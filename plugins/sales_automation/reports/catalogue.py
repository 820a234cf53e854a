"""The four reports as one answer each: the filters in force, the tables of figures and the charts drawn from them.

The API, the pages and the downloads all take a report's answer from here, so a
chart, its table and the file someone downloads cannot disagree. Columns carry a
kind (text, count, money, percent, days, month) that says how to show each cell.
"""
from dataclasses import dataclass
from typing import Callable

from crm_platform.sdk import gettext as _, lazy_gettext as _l

from plugins.sales_automation.reports.cells import month_label
from plugins.sales_automation.reports.collection import collection
from plugins.sales_automation.reports.figures import series
from plugins.sales_automation.reports.funnel import funnel_table, sales_funnel
from plugins.sales_automation.reports.performance import monthly_performance
from plugins.sales_automation.reports.winrate import win_rate_and_cycle


@dataclass(frozen=True)
class Report:
    """A report: its URL name, title, what it shows, how many full months it covers by default, and its answer."""

    name: str
    title: str
    summary: str
    months: int
    build: Callable


def column(key, label, kind="count"):
    """A table column: the row key, its heading (in the reader's language) and the kind of its cells."""
    return {"key": key, "label": str(label), "kind": kind}


def table(key, title, columns, rows, totals=None):
    """One table of an answer."""
    return {"key": key, "title": str(title), "columns": columns, "rows": rows, "totals": totals}


def chart(kind, title, category_label, categories, keys, drawn, maximum=None):
    """One chart of an answer: how to draw it, and its ChartSchema data."""
    return {"kind": kind, "title": str(title), "category_label": str(category_label), "max": maximum,
            "categories": [str(category) for category in categories], "keys": list(keys), "series": drawn}


def _performance(scope):
    """Monthly rep performance: one table, activity and amount bars per rep, attainment gauges."""
    rows, totals = monthly_performance(scope)
    columns = [column("name", _("Rep"), "text"), column("calls", _("Calls")), column("visits", _("Visits")),
               column("emails", _("Emails")), column("meetings", _("Meetings")),
               column("new_customers", _("New customers")), column("customers_followed", _("Customers followed")),
               column("won_count", _("Opportunities won")), column("won_amount", _("Won amount"), "money"),
               column("contract_amount", _("Contract amount"), "money"),
               column("collected", _("Amount collected"), "money"), column("quota", _("Quota"), "money"),
               column("attainment", _("Attainment (%)"), "percent")]
    names, ids = [row["name"] for row in rows], [row["user_id"] for row in rows]
    with_quota = [row for row in rows if row["quota"] is not None]
    charts = {
        "activities": chart("bar", _("Activities logged per rep"), _("Rep"), names, ids, [
            series(key, label, [row[key] for row in rows], stack="activities")
            for key, label in (("calls", _("Calls")), ("visits", _("Visits")), ("emails", _("Emails")),
                               ("meetings", _("Meetings")))]),
        "amounts": chart("bar", _("Won, signed and collected per rep"), _("Rep"), names, ids, [
            series(key, label, [row[key] for row in rows])
            for key, label in (("won_amount", _("Won amount")), ("contract_amount", _("Contract amount")),
                               ("collected", _("Amount collected")))]),
        "attainment": chart("gauge", _("Quota attainment (%)"), _("Rep"), [row["name"] for row in with_quota],
                            [row["user_id"] for row in with_quota],
                            [series("attainment", _("Attainment (%)"), [row["attainment"] for row in with_quota])],
                            maximum=100),
    }
    return [table("performance", _("Monthly rep performance"), columns, rows, {"name": _("Total"), **totals})], charts


def _win_rate(scope):
    """Win rate and cycle: a table per rep and per unit, and bars of each."""
    reps, units, totals = win_rate_and_cycle(scope)
    figures = [column("closed", _("Closed")), column("won", _("Won")), column("lost", _("Lost")),
               column("win_rate", _("Win rate (%)"), "percent"), column("won_amount", _("Won amount"), "money"),
               column("average_won", _("Average deal size"), "money"),
               column("cycle_days", _("Sales cycle (days)"), "days")]

    def bars(title, label, rows, id_key):
        """Win rate and cycle bars of the rows with closed deals."""
        shown = [row for row in rows if row["closed"]]
        return chart("bar", title, label, [row["name"] for row in shown], [row[id_key] for row in shown], [
            series("win_rate", _("Win rate (%)"), [row["win_rate"] for row in shown]),
            series("cycle_days", _("Sales cycle (days)"), [row["cycle_days"] for row in shown], axis=1),
            series("closed", _("Closed"), [row["closed"] for row in shown], table_only=True)])

    tables = [table("reps", _("Per rep"), [column("name", _("Rep"), "text"), *figures], reps,
                    {"name": _("Total"), **totals})]
    charts = {"reps": bars(_("Win rate and cycle per rep"), _("Rep"), reps, "user_id")}
    if units:
        tables.append(table("units", _("Per unit"), [column("name", _("Org unit"), "text"), *figures], units))
        charts["units"] = bars(_("Win rate and cycle per unit"), _("Org unit"), units, "unit_id")
    return tables, charts


def _funnel(scope):
    """The sales funnel: a table of every pipeline's steps and a funnel chart per pipeline."""
    funnels = sales_funnel(scope)
    columns = [column("pipeline", _("Pipeline"), "text"), column("stage", _("Stage"), "text"),
               column("reached", _("Reached")), column("advanced", _("Went on to the next stage")),
               column("conversion", _("Stage conversion rate (%)"), "percent"),
               column("of_cohort", _("Share of new opportunities (%)"), "percent")]
    charts = {}
    for funnel in funnels:
        steps = funnel["stages"]
        charts[f"funnel_{funnel['pipeline_id']}"] = chart(
            "funnel", _("Sales funnel: %(pipeline)s", pipeline=funnel["pipeline"]), _("Stage"),
            [row["stage"] for row in steps], [row["stage_id"] for row in steps],
            [series("reached", _("Reached"), [row["reached"] for row in steps]),
             series("conversion", _("Stage conversion rate (%)"), [row["conversion"] for row in steps],
                    table_only=True)])
    return [table("stages", _("Stage conversion"), columns, funnel_table(funnels))], charts


def _collection(scope):
    """Collection: a row per month and trend lines of what was due against what came in."""
    rows, totals = collection(scope)
    columns = [column("month", _("Month"), "month"), column("due", _("Amount due"), "money"),
               column("collected", _("Amount collected"), "money"),
               column("rate", _("Collected of due (%)"), "percent"),
               column("outstanding", _("Outstanding"), "money"), column("overdue", _("Overdue"), "money")]
    labels, keys = [month_label(row["month"]) for row in rows], [row["month"].isoformat() for row in rows]
    charts = {"trend": chart("line", _("Amounts due and collected per month"), _("Month"), labels, keys, [
        series(key, label, [row[key] for row in rows])
        for key, label in (("due", _("Amount due")), ("collected", _("Amount collected")),
                           ("overdue", _("Overdue")))])}
    return [table("months", _("Collection per month"), columns, rows, {"month": _("Total"), **totals})], charts


REPORTS = {report.name: report for report in (
    Report("funnel", _l("Sales funnel"), _l("Stage-to-stage conversion of the period's new opportunities, per "
                                            "pipeline."), 3, _funnel),
    Report("win-rate", _l("Win rate and cycle"), _l("Win rate, average deal size and sales cycle of the deals "
                                                    "closed in the period, per rep and unit."), 3, _win_rate),
    Report("performance", _l("Monthly rep performance"), _l("Activities, new and followed customers, deals won, "
                                                             "contracts signed, money collected and quota "
                                                             "attainment per rep."), 1, _performance),
    Report("collection", _l("Collection"), _l("Amounts due against amounts collected per month, with what is "
                                              "outstanding and overdue."), 6, _collection),
)}


def answer(report, scope):
    """The report's answer for `scope`: {filters, tables, charts}."""
    tables, charts = report.build(scope)
    return {"report": report.name, "title": str(report.title),
            "filters": {"date_from": scope.date_from, "date_to": scope.date_to, "unit_id": scope.unit_id,
                        "rep_id": scope.rep_id},
            "tables": tables, "charts": charts}
