"""Charts: the one data shape every chart and the table of its numbers are drawn from (docs/plugins.md, Charts).

An API endpoint answers `ChartSchema`; the page's `chart` macro (templates/_charts.html)
renders the table from the same structure and static/charts.js draws the chart from the
endpoint's response with the vendored Apache ECharts, so a chart and its table cannot
disagree.
"""
from numbers import Number

from flask_babel import format_decimal
from marshmallow import Schema, fields, validate

CHART_KINDS = ("bar", "line", "pie", "funnel", "gauge", "pyramid", "sankey")
"""What charts.js draws (`data-chart`); a stacked bar chart is a bar chart whose series share a `stack`; a pyramid
keeps its categories in order from the top down; a sankey flows from the categories to the series."""
NO_VALUE = "–"
"""How the table shows a value that does not exist (an average of nothing), which the chart leaves out."""


class ChartValue(fields.Float):
    """A chart's number: a whole number (a count) stays one in the JSON, anything else is a float."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return super()._serialize(value, attr, obj, **kwargs)


class ChartSeriesSchema(Schema):
    """One series: a value per category (null where there is none)."""

    key = fields.Str(required=True, metadata={"description": "a stable name for programs, e.g. first_response_median"})
    name = fields.Str(required=True, metadata={"description": "the label in the reader's language"})
    data = fields.List(ChartValue(allow_none=True), required=True,
                       metadata={"description": "one value per category, in the categories' order"})
    stack = fields.Str(allow_none=True, load_default=None,
                       metadata={"description": "series with the same stack are stacked (bar charts)"})
    axis = fields.Int(load_default=0, validate=validate.OneOf((0, 1)),
                      metadata={"description": "1: drawn against a second value axis on the right (bar, line)"})
    table_only = fields.Bool(load_default=False,
                             metadata={"description": "shown in the table of numbers, not drawn (e.g. a count)"})


class ChartSchema(Schema):
    """A chart's numbers: categories (the x axis, or the slices) and the series drawn over them."""

    categories = fields.List(fields.Str(), required=True, metadata={"description": "labels in the reader's language"})
    keys = fields.List(fields.Raw(allow_none=True), load_default=None, metadata={
        "description": "a stable key per category (an id, a date, a bucket name), in the same order"})
    series = fields.List(fields.Nested(ChartSeriesSchema), required=True)


def chart_value(value):
    """A chart value for the table: the reader's number format, or a dash where there is none."""
    if value is None or not isinstance(value, Number):
        return NO_VALUE
    return format_decimal(value)


def chart_has_values(data):
    """True when a drawn series of `data` holds a value other than zero (else the page shows an empty state)."""
    return any(value for series in data["series"] if not series.get("table_only") for value in series["data"])


def init_app(app):
    """Give the templates the table's number format and the empty check (`_charts.html` uses both)."""
    app.jinja_env.filters["chart_value"] = chart_value
    app.jinja_env.tests["chart_with_values"] = chart_has_values
