"""The history of managers' adjustments a viewer may read, and the attainment gauges' numbers."""
from datetime import datetime

from sqlalchemy import or_, select

from crm_platform.sdk import OrgUnit, db, gettext as _, keyset_page

from plugins.sales_automation.forecast import figures
from plugins.sales_automation.forecast.service import forecast
from plugins.sales_automation.models import ForecastAdjustment
from plugins.sales_automation.remit import remit_units, remit_user_ids
from plugins.sales_automation.reports.figures import percent_of

GAUGES = 8
"""The most attainment gauges drawn side by side; the table lists every row."""


def adjustment_criterion(viewer):
    """The adjustments `viewer` may read: made by someone in their remit, of a person or unit in it."""
    return (ForecastAdjustment.adjusted_by_id.in_(remit_user_ids(viewer))
            & or_((ForecastAdjustment.subject_kind == "user")
                  & ForecastAdjustment.subject_id.in_(remit_user_ids(viewer)),
                  (ForecastAdjustment.subject_kind == "unit")
                  & ForecastAdjustment.subject_id.in_([unit_id for unit_id, _, _ in remit_units(viewer)])))


def adjustment_page(viewer, args):
    """(adjustments, next cursor) the viewer may read, latest first, each with its subject's and adjuster's names."""
    query = select(ForecastAdjustment).where(adjustment_criterion(viewer))
    if args.get("month_from"):
        query = query.where(ForecastAdjustment.month >= args["month_from"])
    if args.get("month_to"):
        query = query.where(ForecastAdjustment.month <= args["month_to"])
    if args.get("subject_kind"):
        query = query.where(ForecastAdjustment.subject_kind == args["subject_kind"])
    if args.get("subject_id") is not None:
        query = query.where(ForecastAdjustment.subject_id == args["subject_id"])
    rows, cursor = keyset_page(query, [ForecastAdjustment.created_at, ForecastAdjustment.id], descending=True,
                               cursor=args.get("cursor"), limit=args.get("limit"), types=[datetime, int])
    return [described(row) for row in rows], cursor


def described(row):
    """`row` with `subject_name` and `adjusted_by` (names) set for display."""
    people = figures.user_names([row.adjusted_by_id] + ([row.subject_id] if row.subject_kind == "user" else []))
    row.adjusted_by = people.get(row.adjusted_by_id, "")
    if row.subject_kind == "user":
        row.subject_name = people.get(row.subject_id, "")
    else:
        row.subject_name = db.session.scalar(select(OrgUnit.name).where(OrgUnit.id == row.subject_id)) or ""
    return row


def attainment_chart(viewer, month, unit_id=None, view=None):
    """ChartSchema of one month's attainment (percent) per unit, else per person: the gauges and their table.

    `view`, a forecast of `viewer` for `unit_id` starting with `month` (the page's), is used instead of a new one.
    """
    if view is None or view["months"][:1] != [month]:
        view = forecast(viewer, month, month, unit_id)
    rows = [row for row in view["rows"] if row["kind"] == "unit"] or view["rows"]
    rows = rows[:GAUGES]
    cells = [row["cells"][0] for row in rows]
    # Money stays Decimal: the table beside the gauges shows it exactly; ChartSchema makes numbers of it for the chart.
    return {"categories": [row["name"] for row in rows], "keys": [f"{row['kind']}:{row['id']}" for row in rows],
            "series": [
                {"key": "attainment", "name": _("Attainment (%)"),
                 "data": [None if cell["attainment"] is None else percent_of(cell["achieved"], cell["quota"])
                          for cell in cells]},
                {"key": "achieved", "name": _("Achieved"), "data": [cell["achieved"] for cell in cells],
                 "table_only": True},
                {"key": "quota", "name": _("Quota"), "data": [cell["quota"] for cell in cells], "table_only": True},
                {"key": "weighted", "name": _("Weighted amount"), "data": [cell["weighted"] for cell in cells],
                 "table_only": True}]}

