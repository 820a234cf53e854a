"""Marshmallow schemas of the overview API: the pyramid, classes, segments, the Pareto curve and the transitions.

Money is a decimal string in the workspace currency; shares are percentages with
one decimal (null when there is nothing to share); each part carries its chart's
numbers (ChartSchema), drawn from the same figures as its table.
"""
from marshmallow import fields

from crm_platform.sdk import BaseSchema, ChartSchema, Month, QuerySchema, lazy_gettext as _l


def _money(description):
    return fields.Decimal(as_string=True, places=2, dump_only=True, metadata={"description": description})


def _share(description):
    return fields.Float(allow_none=True, metadata={"description": description + " (percent, one decimal)"})


class InsightsOverviewRunSchema(BaseSchema):
    """The computation the figures come from."""

    as_of = fields.Date(metadata={"description": "the day the figures are as of"})
    computed_at = fields.DateTime(metadata={"description": "when the computation finished"})


class InsightsLayerSchema(BaseSchema):
    """One layer of the pyramid."""

    layer = fields.Str(metadata={"description": "advocate, core, regular, inactive, new, leaving, onlooker, lost"})
    label = fields.Str()
    customers = fields.Int()
    share = _share("of the customers the caller may see")
    class_a = fields.Int(metadata={"description": "of them, class A customers"})
    strategy = fields.Str(metadata={"description": "the layer's service strategy (workspace text or the default)"})


class InsightsPyramidSchema(BaseSchema):
    """The loyalty pyramid from the top (advocates) down."""

    customers = fields.Int()
    layers = fields.List(fields.Nested(InsightsLayerSchema))
    chart = fields.Nested(ChartSchema)


class InsightsClassSchema(BaseSchema):
    """One ABC class: its customers and their revenue in the analysis period."""

    abc_class = fields.Str()
    label = fields.Str()
    customers = fields.Int()
    customer_share = _share("of the caller's customers")
    revenue = _money("revenue of the analysis period")
    revenue_share = _share("of the caller's customers' revenue")


class InsightsClassesSchema(BaseSchema):
    """Classes A, B and C, and the customers without a class (no revenue in the period)."""

    classes = fields.List(fields.Nested(InsightsClassSchema))
    unclassified = fields.Int()
    revenue = _money("revenue of the caller's customers in the period")
    chart = fields.Nested(ChartSchema)


class InsightsSegmentSchema(BaseSchema):
    """One RFM segment."""

    segment = fields.Str()
    label = fields.Str()
    customers = fields.Int()


class InsightsSegmentsSchema(BaseSchema):
    """Customers per RFM segment, in the order of the workspace's rules."""

    segments = fields.List(fields.Nested(InsightsSegmentSchema))
    chart = fields.Nested(ChartSchema)


class InsightsOverviewSchema(BaseSchema):
    """The pyramid, classes and segments of the customers the caller may see, from the latest computation."""

    run = fields.Nested(InsightsOverviewRunSchema, allow_none=True,
                        metadata={"description": "null before the first run"})
    currency = fields.Str()
    customers = fields.Int(metadata={"description": "customers the caller may see that have figures"})
    pyramid = fields.Nested(InsightsPyramidSchema)
    classes = fields.Nested(InsightsClassesSchema)
    segments = fields.Nested(InsightsSegmentsSchema)
    class_a_leaving = fields.Int(metadata={"description": "class A customers on the edge of leaving"})


class InsightsParetoSchema(BaseSchema):
    """The Pareto curve: cumulative share of revenue against share of customers, largest first."""

    customers = fields.Int(metadata={"description": "customers the caller may see with revenue in the period"})
    revenue = _money("their revenue")
    currency = fields.Str()
    class_a_percent = fields.Int(metadata={"description": "the workspace's class A share of revenue"})
    class_ab_percent = fields.Int(metadata={"description": "classes A and B together"})
    class_a_customers = _share("share of customers that brings class_a_percent of the revenue")
    class_ab_customers = _share("share of customers that brings class_ab_percent of the revenue")
    chart = fields.Nested(ChartSchema)


class InsightsTransitionRowSchema(BaseSchema):
    """The customers of one layer in the first month, by their layer in the second."""

    from_layer = fields.Str(metadata={"description": "a layer, or \"absent\": not in the first month's snapshot"})
    label = fields.Str()
    counts = fields.Dict(keys=fields.Str(), values=fields.Int(), metadata={"description": "{layer: customers}"})
    customers = fields.Int()


class InsightsTransitionsSchema(BaseSchema):
    """Moves between layers from one monthly snapshot to another (a table and a sankey chart)."""

    months = fields.List(fields.Str(), metadata={"description": "the months with a snapshot, newest first"})
    from_ = fields.Str(data_key="from", attribute="from", allow_none=True)
    to = fields.Str(allow_none=True)
    customers = fields.Int()
    stayed = fields.Int()
    moved = fields.Int()
    entered = fields.Int(metadata={"description": "not in the first month's snapshot"})
    rows = fields.List(fields.Nested(InsightsTransitionRowSchema))
    chart = fields.Nested(ChartSchema)


class InsightsTransitionsQuerySchema(QuerySchema):
    """The two months to compare (default: the last two snapshots)."""

    class Meta(QuerySchema.Meta):
        """Not a list: no cursor or limit."""

        exclude = ("cursor", "limit")

    first = Month(data_key="from", metadata={"description": "YYYY-MM, a month with a snapshot"})
    second = Month(data_key="to", metadata={"description": "YYYY-MM, a later month with a snapshot"})
