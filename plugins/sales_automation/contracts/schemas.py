"""Marshmallow schemas of contracts: contracts and their payment plans in and out, the split helper, filters."""
from marshmallow import ValidationError, fields, validate, validates_schema

from crm_platform.sdk import BaseSchema, QuerySchema, lazy_gettext as _l, page_schema

from plugins.sales_automation.models.contracts import CONTRACT_STATUSES
from plugins.sales_automation.quotes.money import MAX_AMOUNT
from plugins.sales_automation.exact import Exact


def positive_money(**kwargs):
    """An amount of money above 0 (2 places)."""
    return Exact(2, validate=validate.Range(min=0, min_inclusive=False, max=MAX_AMOUNT,
                                            error=_l("More than 0, at most 100,000,000,000,000.")), **kwargs)


class SalesInstalmentSchema(BaseSchema):
    """One instalment of a payment plan: when it is due and how much; `paid` is what payments have covered."""

    id = fields.Int(allow_none=True, metadata={"description": "an existing instalment to keep or change; "
                                                              "leave out for a new one"})
    position = fields.Int(dump_only=True)
    due_date = fields.Date(required=True)
    amount = positive_money(required=True)
    note = fields.Str(allow_none=True, validate=validate.Length(max=300))
    paid = Exact(2, dump_only=True)
    settled = fields.Bool(dump_only=True)


class SalesPlanSplitSchema(BaseSchema):
    """Split the contract amount into `count` equal instalments, `every_months` apart (remainder on the last)."""

    count = fields.Int(required=True, validate=validate.Range(min=1, max=120))
    every_months = fields.Int(load_default=1, validate=validate.Range(min=0, max=36))
    first_due = fields.Date(allow_none=True, metadata={"description": "the first due date (default: the start date)"})


class SalesContractSchema(BaseSchema):
    """A contract with a customer and its payment plan, whose instalments add up exactly to the amount."""

    id = fields.Int(dump_only=True)
    number = fields.Str(dump_only=True)
    title = fields.Str(validate=validate.Length(min=1, max=200),
                       metadata={"description": "required unless an opportunity or quote gives it"})
    customer_id = fields.Int(metadata={"description": "a customer the caller may see (default: the source's)"})
    owner_id = fields.Int(metadata={"description": "an active user (default: the source's owner, else the caller)"})
    opportunity_id = fields.Int(allow_none=True, metadata={"description": "a won opportunity it comes from"})
    quote_id = fields.Int(allow_none=True, metadata={"description": "an accepted quote it comes from"})
    amount = positive_money(metadata={"description": "default: the opportunity's amount or the quote's total"})
    currency = fields.Str(validate=validate.Regexp(r"^[A-Z]{3}$", error=_l("A three-letter currency code.")))
    signed_on = fields.Date(allow_none=True)
    start_date = fields.Date(metadata={"description": "default: the signing date, else today"})
    end_date = fields.Date(allow_none=True)
    status = fields.Str(validate=validate.OneOf(CONTRACT_STATUSES), metadata={"description": "active by default"})
    notes = fields.Str(allow_none=True, validate=validate.Length(max=5000))
    instalments = fields.List(fields.Nested(SalesInstalmentSchema), validate=validate.Length(max=120), metadata={
        "description": "the whole plan (default: one instalment of the amount on the start date); "
                       "instalments with payments must be given unchanged"})
    split = fields.Nested(SalesPlanSplitSchema, load_only=True, metadata={
        "description": "instead of `instalments`: equal instalments (refused once payments are recorded)"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    @validates_schema
    def _coherent(self, data, **kwargs):
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            raise ValidationError(str(_l("The end date cannot be before the start date.")), "end_date")
        if data.get("instalments") is not None and data.get("split") is not None:
            raise ValidationError(str(_l("Give the instalments or a split, not both.")), "split")


class SalesContractUpdateSchema(SalesContractSchema):
    """Changes to a contract: its customer and sources stay."""

    customer_id = fields.Int(dump_only=True)
    opportunity_id = fields.Int(dump_only=True)
    quote_id = fields.Int(dump_only=True)


class SalesContractQuerySchema(QuerySchema):
    """Filters of the contract list, newest first."""

    status = fields.Str(validate=validate.OneOf(CONTRACT_STATUSES))
    owner_id = fields.Int()
    customer_id = fields.Int()
    signed_from = fields.Date(metadata={"description": "signed on or after"})
    signed_to = fields.Date(metadata={"description": "signed on or before"})


SalesContractPageSchema = page_schema(SalesContractSchema, "SalesContractPage")
