"""The exact decimal field every sales schema uses for money: more places are refused, never rounded away."""
from decimal import Decimal, InvalidOperation

from marshmallow import ValidationError, fields, validate

from crm_platform.sdk import lazy_gettext as _l

MAX_AMOUNT = Decimal("999999999999.99")
"""The largest amount an opportunity holds: its cents stay far below the BIGINT column's 9.2 x 10^18, sums too."""


class Exact(fields.Decimal):
    """A decimal with `places` places, a string in JSON; more places are refused, never rounded away."""

    def __init__(self, places=2, **kwargs):
        super().__init__(places=places, as_string=True, **kwargs)
        self.exact_places = places

    def _deserialize(self, value, attr, data, **kwargs):
        number = super()._deserialize(value, attr, data, **kwargs)
        try:
            exact = Decimal(str(value))
        except InvalidOperation:
            raise self.make_error("invalid") from None
        if exact != number:
            raise ValidationError(str(_l("Use at most %(places)d decimal places.", places=self.exact_places)))
        return number


def money_amount(**kwargs):
    """An amount of money from 0 to MAX_AMOUNT with at most 2 places (an opportunity's)."""
    return Exact(2, validate=validate.Range(min=0, max=MAX_AMOUNT, error=_l("From 0 to 999,999,999,999.99.")),
                 **kwargs)
