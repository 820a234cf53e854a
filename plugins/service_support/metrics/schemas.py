"""Marshmallow schemas of the metrics API: the period, unit and grouping filters (answers are the SDK's ChartSchema)."""
from datetime import date

from marshmallow import fields, validate

from crm_platform.sdk import QuerySchema, lazy_gettext as _l

LONGEST_PERIOD_DAYS = 731
"""Two years: the satisfaction chart has a point a week, and longer periods say little on one page."""
DEFAULT_PERIOD_DAYS = 30
"""Without a period the metrics cover the last 30 days, today included."""
DAYS = validate.Range(min=date(1970, 1, 1), max=date(2999, 12, 31),
                      error=_l("Choose a day between {min} and {max}."))
"""The days a period may name: the figures count days around it, which past year 9999 do not exist."""


class ServiceMetricsQuerySchema(QuerySchema):
    """The period (workspace dates, both days included; default the last 30 days) and the unit the figures cover."""

    class Meta(QuerySchema.Meta):
        """Figures are not pages: no cursor or limit."""

        exclude = ("cursor", "limit")

    date_from = fields.Date(data_key="from", validate=DAYS,
                            metadata={"description": "first day (default: 29 days before `to`)"})
    date_to = fields.Date(data_key="to", validate=DAYS, metadata={"description": "last day, included (default: today)"})
    unit_id = fields.Int(metadata={"description": "only tickets of this org unit's teams or people (and below it); "
                                                  "a unit the caller may see"})


class ServiceMetricsTimesQuerySchema(ServiceMetricsQuerySchema):
    """The period and unit, and whether the response and resolution times are per person or per team."""

    group = fields.Str(load_default="person", validate=validate.OneOf(("person", "team")),
                       metadata={"description": "person (who answered or resolved) or team (the ticket's team)"})


class ServiceMetricsSlaQuerySchema(ServiceMetricsQuerySchema):
    """The period and unit, and whether SLA compliance is per team or per target (all teams together)."""

    group = fields.Str(load_default="team", validate=validate.OneOf(("team", "target")),
                       metadata={"description": "team, or target: first response and resolution overall"})
