"""Marshmallow schemas of purchases and customers' external numbers (API and pages alike)."""
from babel.numbers import list_currencies
from marshmallow import ValidationError, fields, pre_load, validate

from crm_platform.sdk import BaseSchema, Places, QuerySchema, lazy_gettext as _l, page_schema, workspace_today

LARGEST = 10**13 - 1
"""The largest amount (in yuan, fen aside) a purchase may have: far above any one transaction."""
CURRENCIES = frozenset(list_currencies())
"""ISO 4217 codes Babel knows (and so can format)."""


def not_after_today(value):
    """Refuse a day after the workspace's today: history has not happened yet."""
    if value > workspace_today():
        raise ValidationError(str(_l("The day cannot be after today.")))


def currency_code(value):
    """Refuse anything but a known three-letter currency code (CNY, USD, EUR ...)."""
    if value not in CURRENCIES:
        raise ValidationError(str(_l("Give a three-letter currency code such as CNY or USD.")))


class InsightsPurchaseFieldsSchema(BaseSchema):
    """What a purchase says, whichever way it comes in: day, amount, currency, quantity, product, order number."""

    purchased_on = fields.Date(load_default=None, allow_none=True, validate=not_after_today,
                               metadata={"description": "the day of the purchase; today when left out; not after "
                                                        "the workspace's today"})
    amount = fields.Decimal(required=True, as_string=True,
                            validate=[validate.Range(min=0, min_inclusive=False, max=LARGEST,
                                                     error=_l("Enter an amount above zero.")), Places(2)],
                            metadata={"description": "above zero, at most two places (returns are not recorded)"})
    currency = fields.Str(load_default=None, allow_none=True, validate=currency_code,
                          metadata={"description": "ISO 4217 code; the workspace currency when left out (only "
                                                   "purchases in it count in the figures)"})
    quantity = fields.Decimal(load_default=None, allow_none=True, as_string=True,
                              validate=[validate.Range(min=0, min_inclusive=False, max=LARGEST,
                                                       error=_l("Enter a quantity above zero.")), Places(3)])
    product = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=200))
    order_number = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=100))

    @pre_load
    def _upper_currency(self, data, **kwargs):
        """Currency codes in capitals, whatever was typed ("cny" is CNY)."""
        if isinstance(data, dict) and isinstance(data.get("currency"), str):
            data = {**data, "currency": data["currency"].strip().upper()}
        return data


class InsightsPurchaseInputSchema(InsightsPurchaseFieldsSchema):
    """A purchase to record: its customer, day, amount and currency, optionally quantity, product and order number."""

    customer_id = fields.Int(required=True, metadata={"description": "a customer the caller may see"})


class InsightsPurchaseSchema(BaseSchema):
    """A purchase of the customer's history."""

    id = fields.Int(dump_only=True)
    customer_id = fields.Int(dump_only=True)
    purchased_on = fields.Date(dump_only=True)
    amount = fields.Decimal(as_string=True, places=2, dump_only=True)
    currency = fields.Str(dump_only=True)
    quantity = fields.Decimal(as_string=True, dump_only=True, allow_none=True)
    product = fields.Str(dump_only=True, allow_none=True)
    order_number = fields.Str(dump_only=True, allow_none=True)
    source = fields.Str(dump_only=True, metadata={"description": "import, api (recorded by hand) or sales_payment"})
    created_by_id = fields.Int(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class InsightsPurchaseQuerySchema(QuerySchema):
    """Filters of the purchase list, besides the cursor and page size."""

    customer_id = fields.Int(metadata={"description": "only this customer's purchases"})
    purchased_from = fields.Date(data_key="from", metadata={"description": "on or after this day"})
    purchased_to = fields.Date(data_key="to", metadata={"description": "on or before this day"})


InsightsPurchasePageSchema = page_schema(InsightsPurchaseSchema, "InsightsPurchasePage")


class InsightsCustomerNumberInputSchema(BaseSchema):
    """A customer's number in another system (an ERP), unique in the workspace."""

    number = fields.Str(required=True, validate=validate.Length(min=1, max=64),
                        metadata={"description": "as the other system writes it; spaces around are dropped"})


class InsightsCustomerNumberSchema(BaseSchema):
    """A customer's external number, or null when it has none."""

    customer_id = fields.Int(dump_only=True)
    number = fields.Str(dump_only=True, allow_none=True)
