"""Marshmallow schemas of quotes: lines and quotes in and out (API and pages alike), list filters."""
from decimal import Decimal

from marshmallow import ValidationError, fields, validate, validates_schema

from crm_platform.sdk import BaseSchema, QuerySchema, lazy_gettext as _l, page_schema

from plugins.sales_automation.exact import Exact
from plugins.sales_automation.models.quotes import QUOTE_STATUSES
from plugins.sales_automation.quotes.money import MAX_AMOUNT, line_figures


def percent(**kwargs):
    """A percentage from 0 to 100 with 2 places (a discount, a tax rate)."""
    return Exact(2, validate=validate.Range(min=0, max=100, error=_l("Between 0 and 100.")), **kwargs)


class SalesQuoteLineSchema(BaseSchema):
    """A line of a quote: a product or service, quantity x unit price, less a discount, plus tax."""

    id = fields.Int(dump_only=True)
    position = fields.Int(validate=validate.Range(min=1), metadata={
        "description": "1-based place among the lines; on an update, moves the line there"})
    description = fields.Str(required=True, validate=validate.Length(min=1, max=300))
    unit = fields.Str(allow_none=True, validate=validate.Length(max=20), metadata={"description": "e.g. pcs, hours"})
    quantity = Exact(4, required=True, validate=validate.Range(min=0, min_inclusive=False, max=10**9,
                                                               error=_l("More than 0, at most 1,000,000,000.")))
    unit_price = Exact(4, required=True, validate=validate.Range(min=0, max=10**12,
                                                                 error=_l("From 0 to 1,000,000,000,000.")))
    discount_percent = percent(load_default=Decimal("0.00"))
    tax_rate = percent(metadata={"description": "% (default: the workspace's default tax rate)"})
    net = Exact(2, dump_only=True)
    tax = Exact(2, dump_only=True)
    total = Exact(2, dump_only=True)

    @validates_schema
    def _not_too_large(self, data, partial=False, **kwargs):
        if partial or "quantity" not in data or "unit_price" not in data:
            return
        if line_figures(data["quantity"], data["unit_price"]).gross > MAX_AMOUNT:
            raise ValidationError(str(_l("This line's amount is too large.")), "unit_price")


class SalesQuoteVersionSchema(BaseSchema):
    """Another version of the same quote number."""

    id = fields.Int(dump_only=True)
    version = fields.Int(dump_only=True)
    status = fields.Str(dump_only=True)
    total = Exact(2, dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class SalesQuoteSchema(BaseSchema):
    """One version of a quote: header, lines and totals (the totals are computed from the lines)."""

    id = fields.Int(dump_only=True)
    number = fields.Str(dump_only=True)
    version = fields.Int(dump_only=True)
    status = fields.Str(dump_only=True, metadata={"description": "draft, sent, accepted, rejected or superseded"})
    customer_id = fields.Int(required=True, metadata={"description": "a customer the caller may see"})
    contact_id = fields.Int(allow_none=True, metadata={"description": "a contact of that customer"})
    opportunity_id = fields.Int(allow_none=True, metadata={"description": "an opportunity of that customer"})
    owner_id = fields.Int(dump_only=True)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    valid_until = fields.Date(allow_none=True)
    notes = fields.Str(allow_none=True, validate=validate.Length(max=5000))
    currency = fields.Str(validate=validate.Regexp(r"^[A-Z]{3}$", error=_l("A three-letter currency code.")),
                          metadata={"description": "ISO 4217 code; the workspace's by default"})
    lines = fields.List(fields.Nested(SalesQuoteLineSchema), validate=validate.Length(max=200),
                        metadata={"description": "all the lines, in order; on an update, replaces them"})
    subtotal = Exact(2, dump_only=True, metadata={"description": "sum of the lines before discount"})
    discount_total = Exact(2, dump_only=True)
    tax_total = Exact(2, dump_only=True)
    total = Exact(2, dump_only=True)
    latest = fields.Bool(dump_only=True, metadata={"description": "the latest version (the only one to edit)"})
    versions = fields.List(fields.Nested(SalesQuoteVersionSchema), dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class SalesQuoteUpdateSchema(SalesQuoteSchema):
    """Changes to a quote: any header field, and the lines when given (a sent quote gets a new version)."""

    customer_id = fields.Int(dump_only=True)


class SalesQuoteQuerySchema(QuerySchema):
    """Filters of the quote list: latest versions only, newest first."""

    status = fields.Str(validate=validate.OneOf(QUOTE_STATUSES))
    customer_id = fields.Int()
    opportunity_id = fields.Int()


SalesQuotePageSchema = page_schema(SalesQuoteSchema, "SalesQuotePage")
