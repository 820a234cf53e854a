"""Marshmallow schemas of quotas (API and pages alike), and the span of months the forecast shares."""
from marshmallow import ValidationError, fields, validate, validates_schema

from crm_platform.sdk import BaseSchema, Month, QuerySchema, lazy_gettext as _l

LARGEST = 10**13 - 1
"""The largest quota (in yuan) a form or the API takes."""
MAX_MONTHS = 24
"""The longest span of months one request reads."""


def months_in_order(data):
    """Refuse a span that ends before it starts or is longer than MAX_MONTHS."""
    start, end = data.get("month_from"), data.get("month_to")
    if start and end:
        if end < start:
            raise ValidationError({"month_to": [str(_l("The last month cannot come before the first."))]})
        if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
            raise ValidationError({"month_to": [str(_l("Ask for at most %(count)d months at once.",
                                                       count=MAX_MONTHS))]})


class SalesMonthRangeQuerySchema(QuerySchema):
    """A span of months (this month and the next two when left out)."""

    month_from = Month(load_default=None, metadata={"description": "the first month, YYYY-MM"})
    month_to = Month(load_default=None, metadata={"description": "the last month, YYYY-MM (at most 24 months)"})

    @validates_schema
    def _in_order(self, data, **kwargs):
        months_in_order(data)


class SalesQuotaRowSchema(BaseSchema):
    """One rep's quota of one month; amount null clears it."""

    user_id = fields.Int(required=True)
    month = Month(required=True, metadata={"description": "YYYY-MM"})
    amount = fields.Decimal(required=True, allow_none=True, as_string=True, places=2,
                            validate=validate.Range(min=0, max=LARGEST, error=_l("Enter an amount of zero or more.")),
                            metadata={"description": "in the workspace's currency; null removes the quota"})


class SalesQuotaInputSchema(BaseSchema):
    """Several quotas set at once: all of them, or none when one is refused."""

    rows = fields.List(fields.Nested(SalesQuotaRowSchema), required=True, validate=validate.Length(min=1, max=500))


class SalesQuotaSchema(BaseSchema):
    """A quota as stored."""

    user_id = fields.Int(dump_only=True)
    month = Month(dump_only=True)
    amount = fields.Decimal(as_string=True, places=2, dump_only=True)
    set_by_id = fields.Int(dump_only=True, allow_none=True)
    updated_at = fields.DateTime(dump_only=True)


class SalesQuotaMonthSchema(BaseSchema):
    """One person's month: their quota (null when unset), what they achieved on the basis, and the ratio."""

    month = Month(dump_only=True)
    quota = fields.Decimal(as_string=True, places=2, allow_none=True, dump_only=True)
    achieved = fields.Decimal(as_string=True, places=2, dump_only=True)
    ratio = fields.Decimal(as_string=True, places=4, allow_none=True, dump_only=True,
                           metadata={"description": "achieved / quota; null without a quota"})


class SalesQuotaPersonSchema(BaseSchema):
    """A person in the caller's remit and their months."""

    user_id = fields.Int(dump_only=True)
    name = fields.Str(dump_only=True)
    editable = fields.Bool(dump_only=True, metadata={"description": "whether the caller may set this person's quota"})
    months = fields.List(fields.Nested(SalesQuotaMonthSchema), dump_only=True)


class SalesQuotaGridSchema(BaseSchema):
    """Quotas and attainment of the people in the caller's remit over a span of months."""

    basis = fields.Str(dump_only=True, metadata={"description": "won or collected: what quotas count"})
    months = fields.List(Month(), dump_only=True)
    people = fields.List(fields.Nested(SalesQuotaPersonSchema), dump_only=True)
