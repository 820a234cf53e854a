"""Marshmallow schemas of payments, receivables and collection reminders (API and pages alike)."""
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, Places, QuerySchema, lazy_gettext as _l, page_schema

from plugins.sales_automation.models.contracts import PAYMENT_METHODS
from plugins.sales_automation.payments.ageing import GROUPS

LARGEST = 10**13 - 1
"""The largest amount of money (in yuan, fen aside) a form or the API takes: far above any contract."""


class SalesPaymentInputSchema(BaseSchema):
    """A payment to record against one instalment."""

    amount = fields.Decimal(required=True, as_string=True,
                            validate=[validate.Range(min=0, min_inclusive=False, max=LARGEST,
                                                     error=_l("Enter an amount above zero.")), Places(2)],
                            metadata={"description": "above zero, two places, at most the instalment's outstanding"})
    received_on = fields.Date(load_default=None, allow_none=True,
                              metadata={"description": "the day the money arrived; today when left out; "
                                                       "not later than the workspace's today"})
    method = fields.Str(load_default="bank_transfer", validate=validate.OneOf(PAYMENT_METHODS),
                        metadata={"description": ", ".join(PAYMENT_METHODS)})
    reference = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=100),
                           metadata={"description": "a bank slip, cheque or transaction number"})


class SalesPaymentSchema(BaseSchema):
    """A payment received against an instalment."""

    id = fields.Int(dump_only=True)
    contract_id = fields.Int(dump_only=True)
    instalment_id = fields.Int(dump_only=True)
    amount = fields.Decimal(as_string=True, places=2, dump_only=True)
    currency = fields.Str(dump_only=True, metadata={"description": "the contract's currency"})
    received_on = fields.Date(dump_only=True)
    method = fields.Str(dump_only=True)
    reference = fields.Str(dump_only=True, allow_none=True)
    recorded_by_id = fields.Int(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class SalesPaymentQuerySchema(QuerySchema):
    """Filters of the payment list, besides the cursor and page size."""

    contract_id = fields.Int(metadata={"description": "only this contract's payments"})
    instalment_id = fields.Int(metadata={"description": "only this instalment's payments"})
    customer_id = fields.Int(metadata={"description": "only payments on this customer's contracts"})
    method = fields.Str(validate=validate.OneOf(PAYMENT_METHODS))
    received_from = fields.Date(metadata={"description": "received on or after this day"})
    received_to = fields.Date(metadata={"description": "received on or before this day"})


SalesPaymentPageSchema = page_schema(SalesPaymentSchema, "SalesPaymentPage")


class SalesReceivablesQuerySchema(QuerySchema):
    """What the ageing view groups by, the day it ages to, and its filters."""

    group = fields.Str(load_default="customer", validate=validate.OneOf(GROUPS),
                       metadata={"description": ", ".join(GROUPS)})
    as_of = fields.Date(load_default=None, metadata={"description": "age to this day; the workspace's today when "
                                                                    "left out"})
    customer_id = fields.Int(metadata={"description": "only this customer's contracts"})
    owner_id = fields.Int(metadata={"description": "only contracts this user owns"})
    unit_id = fields.Int(metadata={"description": "only contracts owned in this org unit or below it"})


class SalesAgeingAmountsSchema(BaseSchema):
    """Outstanding amounts of one row in one currency, per bucket and in total."""

    currency = fields.Str()
    total = fields.Decimal(as_string=True, places=2)
    not_due = fields.Decimal(as_string=True, places=2, metadata={"description": "due today or later"})
    d1_30 = fields.Decimal(as_string=True, places=2, metadata={"description": "1 to 30 days overdue"})
    d31_60 = fields.Decimal(as_string=True, places=2, metadata={"description": "31 to 60 days overdue"})
    d61_90 = fields.Decimal(as_string=True, places=2, metadata={"description": "61 to 90 days overdue"})
    over_90 = fields.Decimal(as_string=True, places=2, metadata={"description": "more than 90 days overdue"})


class SalesAgeingRowSchema(SalesAgeingAmountsSchema):
    """One group of the ageing view (a customer, owner, unit or contract) in one currency."""

    key = fields.Int(allow_none=True, metadata={"description": "the customer, user, unit or contract id; "
                                                               "null for owners with no unit"})
    label = fields.Str()
    depth = fields.Int(metadata={"description": "units: how deep in the org tree (0 at the top)"})


class SalesReceivablesSchema(BaseSchema):
    """The ageing view: rows per group and currency, and the totals per currency."""

    as_of = fields.Date()
    group = fields.Str()
    buckets = fields.List(fields.Str(), metadata={"description": "the bucket keys, in order"})
    rows = fields.List(fields.Nested(SalesAgeingRowSchema))
    totals = fields.List(fields.Nested(SalesAgeingAmountsSchema))


class SalesAgedInstalmentSchema(BaseSchema):
    """An instalment of a contract with its outstanding amount and ageing bucket."""

    id = fields.Int()
    position = fields.Int()
    due_date = fields.Date()
    amount = fields.Decimal(as_string=True, places=2)
    paid = fields.Decimal(as_string=True, places=2)
    outstanding = fields.Decimal(as_string=True, places=2)
    settled = fields.Bool()
    days_overdue = fields.Int(metadata={"description": "0 up to and on the due date"})
    bucket = fields.Str(allow_none=True, metadata={"description": "null once settled"})


class SalesContractReceivablesSchema(BaseSchema):
    """One contract's instalments, aged as of a day."""

    contract_id = fields.Int()
    number = fields.Str()
    currency = fields.Str()
    as_of = fields.Date()
    instalments = fields.List(fields.Nested(SalesAgedInstalmentSchema))


class SalesAsOfQuerySchema(QuerySchema):
    """The day to age to."""

    as_of = fields.Date(load_default=None, metadata={"description": "the workspace's today when left out"})


class SalesBalanceSchema(BaseSchema):
    """A customer's outstanding balance in one currency, and how much of it is overdue."""

    currency = fields.Str()
    outstanding = fields.Decimal(as_string=True, places=2)
    overdue = fields.Decimal(as_string=True, places=2)


class SalesCollectionReminderSchema(BaseSchema):
    """An open collection reminder of the caller's."""

    id = fields.Int()
    stage = fields.Str(metadata={"description": "due (due soon) or overdue"})
    due_date = fields.Date()
    created_on = fields.Date()
    instalment_id = fields.Int()
    contract_id = fields.Int()
    contract_number = fields.Str()
    customer_id = fields.Int()
    customer_name = fields.Str()
    currency = fields.Str()
    outstanding = fields.Decimal(as_string=True, places=2)


class SalesCollectionReminderQuerySchema(QuerySchema):
    """The cursor and page size of the caller's open collection reminders."""


SalesCollectionReminderPageSchema = page_schema(SalesCollectionReminderSchema, "SalesCollectionReminderPage")
