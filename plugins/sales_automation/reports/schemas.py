"""Marshmallow schemas of the reports API: the filters every report takes and the answers (rows and chart data)."""
from datetime import date

from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, ChartSchema, QuerySchema, lazy_gettext as _l

LONGEST_PERIOD_DAYS = 731
"""Two years: a month per point or column stays readable on one page."""
DAYS = validate.Range(min=date(1970, 1, 1), max=date(2999, 12, 31),
                      error=_l("Choose a day between {min} and {max}."))
"""The days a period may name: months around them are counted, which past year 9999 do not exist."""
FORMATS = ("json", "csv", "xlsx")


class SalesReportQuerySchema(QuerySchema):
    """The period (workspace dates, both days included), the unit and the rep a report covers, and its format."""

    class Meta(QuerySchema.Meta):
        """Reports are not pages: no cursor or limit."""

        exclude = ("cursor", "limit")

    date_from = fields.Date(data_key="from", validate=DAYS,
                            metadata={"description": "first day (default: the first day of the last full month)"})
    date_to = fields.Date(data_key="to", validate=DAYS,
                          metadata={"description": "last day, included (default: the last day of the last full "
                                                   "month)"})
    unit_id = fields.Int(metadata={"description": "only people of this org unit and the units under it; a unit in "
                                                  "the caller's remit"})
    rep_id = fields.Int(metadata={"description": "only this person; someone in the caller's remit"})
    format = fields.Str(load_default="json", validate=validate.OneOf(FORMATS),
                        metadata={"description": "json (rows and chart data), csv or xlsx (the table as a download)"})


class SalesReportFilterSchema(BaseSchema):
    """The period, unit and rep a report answer covers (the defaults filled in)."""

    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")
    unit_id = fields.Int(allow_none=True)
    rep_id = fields.Int(allow_none=True)


class SalesReportColumnSchema(BaseSchema):
    """A column of a table: its key in each row, its heading in the reader's language and the kind of its cells."""

    key = fields.Str()
    label = fields.Str()
    kind = fields.Str(metadata={"description": "text, count, money (a decimal string), percent, days or month"})


class SalesReportTableSchema(BaseSchema):
    """One table of figures: its columns, a row per rep, unit, stage or month, and the totals row (or null)."""

    key = fields.Str()
    title = fields.Str()
    columns = fields.List(fields.Nested(SalesReportColumnSchema))
    rows = fields.List(fields.Dict(), metadata={"description": "one object per row, keyed by the columns' keys"})
    totals = fields.Dict(allow_none=True)


class SalesReportChartSchema(ChartSchema):
    """A chart of the report: how to draw it, and its numbers (ChartSchema), taken from the same figures."""

    kind = fields.Str(metadata={"description": "bar, line, funnel or gauge"})
    title = fields.Str()
    category_label = fields.Str()
    max = fields.Int(allow_none=True, metadata={"description": "a gauge's full scale"})


class SalesReportSchema(BaseSchema):
    """A report: its filters, its tables of figures and its charts, all from one computation."""

    report = fields.Str()
    title = fields.Str()
    filters = fields.Nested(SalesReportFilterSchema)
    tables = fields.List(fields.Nested(SalesReportTableSchema))
    charts = fields.Dict(keys=fields.Str(), values=fields.Nested(SalesReportChartSchema),
                         metadata={"description": "chart name -> chart; drawn from the same figures as the tables"})
