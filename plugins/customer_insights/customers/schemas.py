"""Marshmallow schemas of the customers API: a customer's figures, the list's filters and sort."""
from marshmallow import ValidationError, fields, validate, validates

from crm_platform.sdk import BaseSchema, QuerySchema, lazy_gettext as _l, page_schema

from plugins.customer_insights.customers.queries import SORTS
from plugins.customer_insights.labels import segment_names
from plugins.customer_insights.models.scores import ABC_CLASSES, LAYERS
from plugins.customer_insights.settings import settings


def _money(description):
    return fields.Decimal(as_string=True, places=2, allow_none=True, dump_only=True,
                         metadata={"description": description})


class InsightsCustomerOwnerSchema(BaseSchema):
    """The customer's owner."""

    id = fields.Int()
    name = fields.Str()


class InsightsCustomerSchema(BaseSchema):
    """A customer's figures as of the latest computation (docs/insights.md defines each); null before one."""

    customer_id = fields.Int()
    name = fields.Str()
    owner = fields.Nested(InsightsCustomerOwnerSchema, allow_none=True)
    computed = fields.Bool(metadata={"description": "false until a computation included the customer"})
    as_of = fields.Date(allow_none=True)
    currency = fields.Str()
    revenue = _money("revenue of the analysis period")
    revenue_rank = fields.Int(allow_none=True, metadata={"description": "1 for the largest revenue"})
    abc_class = fields.Str(allow_none=True, metadata={"description": "A, B, C; null without revenue in the period"})
    class_label = fields.Str(allow_none=True)
    recency_days = fields.Int(allow_none=True)
    frequency = fields.Int(allow_none=True)
    r_score = fields.Int(allow_none=True)
    f_score = fields.Int(allow_none=True)
    m_score = fields.Int(allow_none=True)
    segment = fields.Str(allow_none=True)
    segment_label = fields.Str(allow_none=True)
    layer = fields.Str(allow_none=True)
    layer_label = fields.Str(allow_none=True)
    trend = fields.Float(allow_none=True)
    open_complaints = fields.Int(allow_none=True)
    advocate = fields.Bool(allow_none=True)
    cdi = fields.Float(allow_none=True, metadata={"description": "the customer development index"})
    purchases = fields.Int(allow_none=True)
    first_purchase_on = fields.Date(allow_none=True)
    last_purchase_on = fields.Date(allow_none=True)
    p_alive = fields.Float(allow_none=True, metadata={"description": "probability the customer is still active"})
    expected_purchases = fields.Float(allow_none=True, metadata={"description": "BG/NBD (docs/insights.md: horizon)"})
    expected_spend = _money("expected spend per purchase (Gamma-Gamma)")
    clv = _money("lifetime value over the horizon, discounted")


class InsightsCustomerDetailSchema(InsightsCustomerSchema):
    """A customer's figures and the service strategy of its layer."""

    strategy = fields.Str(allow_none=True, metadata={"description": "the workspace's text for the layer, or the "
                                                                    "module's default"})


class InsightsCustomersQuerySchema(QuerySchema):
    """Filters and order of the list of customers with their figures."""

    abc_class = fields.Str(validate=validate.OneOf(ABC_CLASSES))
    segment = fields.Str(metadata={"description": "one of the workspace's segments (its rules), or other"})
    layer = fields.Str(validate=validate.OneOf(LAYERS))
    sort = fields.Str(load_default="-clv", validate=validate.OneOf(SORTS), metadata={
        "description": "clv, revenue or cdi, \"-\" for the largest first; customers without a value come last"})

    @validates("segment")
    def _known_segment(self, value, **_kwargs):
        """A segment of the workspace's rules."""
        if value not in segment_names(settings()):
            raise ValidationError(_l("This workspace has no such segment."))


InsightsCustomerPageSchema = page_schema(InsightsCustomerSchema, "InsightsCustomerPage")
