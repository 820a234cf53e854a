"""Marshmallow schemas of the competitors feature: the file, bidders on an opportunity, the win/loss record."""
from marshmallow import fields, validate, validates_schema, ValidationError

from crm_platform.sdk import BaseSchema, QuerySchema, gettext as _, page_schema

from plugins.sales_automation.competitors.record import SORTS

RECORD_SORTS = SORTS + tuple(f"-{key}" for key in SORTS)


def _text(max_len=None):
    return fields.Str(allow_none=True, validate=validate.Length(max=max_len) if max_len else None)


class SalesCompetitorSchema(BaseSchema):
    """A competitor in the workspace's file."""

    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200),
                      metadata={"description": "unique in the workspace (without regard to case)"})
    website = fields.Url(allow_none=True, validate=validate.Length(max=200), schemes={"http", "https"})
    strengths = _text(10000)
    weaknesses = _text(10000)
    products = _text(10000)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class SalesCompetitorQuerySchema(QuerySchema):
    """Filters of the competitor list."""

    q = fields.Str(validate=validate.Length(max=100), metadata={"description": "part of the name or the products"})


SalesCompetitorPageSchema = page_schema(SalesCompetitorSchema, "SalesCompetitorPage")


class SalesBidderSchema(BaseSchema):
    """A competitor bidding for an opportunity."""

    competitor_id = fields.Int(required=True, metadata={"description": "a competitor of the file"})
    name = fields.Str(dump_only=True)
    notes = _text(500)
    created_at = fields.DateTime(dump_only=True)


class SalesBidderListSchema(BaseSchema):
    """The competitors bidding for one opportunity, by name."""

    items = fields.List(fields.Nested(SalesBidderSchema))


class SalesCompetitorRecordQuerySchema(QuerySchema):
    """The period (closed between two dates, the workspace's days, both included) and the sort of the record."""

    closed_from = fields.Date(metadata={"description": "first day of the period"})
    closed_to = fields.Date(metadata={"description": "last day of the period"})
    sort = fields.Str(load_default="name", validate=validate.OneOf(RECORD_SORTS),
                      metadata={"description": "a column; a leading - sorts it descending"})

    @validates_schema
    def _period_in_order(self, data, **kwargs):
        if data.get("closed_from") and data.get("closed_to") and data["closed_from"] > data["closed_to"]:
            raise ValidationError({"closed_to": [_("The period ends before it starts.")]})


class SalesCompetitorRecordSchema(BaseSchema):
    """Our record against one competitor over the period."""

    competitor_id = fields.Int()
    name = fields.Str()
    met = fields.Int(metadata={"description": "closed opportunities they bid on (or won) that the caller may see"})
    won = fields.Int(metadata={"description": "of those, won by us"})
    lost = fields.Int(metadata={"description": "of those, lost by us"})
    they_won = fields.Int(metadata={"description": "lost deals this competitor won"})
    won_amount = fields.Decimal(as_string=True, places=2, dump_only=True)
    lost_amount = fields.Decimal(as_string=True, places=2, dump_only=True)
    they_won_amount = fields.Decimal(as_string=True, places=2, dump_only=True)
    win_rate = fields.Decimal(as_string=True, places=1, dump_only=True, allow_none=True,
                              metadata={"description": "our wins per 100 met; null when never met"})


class SalesCompetitorRecordListSchema(BaseSchema):
    """The record against every competitor of the file, in the workspace's currency."""

    currency = fields.Str()
    items = fields.List(fields.Nested(SalesCompetitorRecordSchema))
