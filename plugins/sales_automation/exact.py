"""The exact decimal field every sales schema uses for money: more places are refused, never rounded away."""
from decimal import Decimal

from marshmallow import fields, validate

from crm_platform.sdk import Places, lazy_gettext as _l

MAX_AMOUNT = Decimal("999999999999.99")
"""The largest amount an opportunity holds: its cents stay far below the BIGINT column's 9.2 x 10^18, sums too."""


class Exact(fields.Decimal):
    """A decimal with `places` places, a string in JSON; more places are refused (Places), never rounded away."""

    def __init__(self, places=2, *, validate=None, **kwargs):
        given = [] if validate is None else [validate] if callable(validate) else list(validate)
        super().__init__(places=places, as_string=True, validate=[Places(places), *given], **kwargs)

    def _validated(self, value):
        # marshmallow rounds to `places` here, before validators run: keep every digit
        # given, so that Places judges them. What is written out is still rounded to `places`.
        super()._validated(value)
        return Decimal(str(value))


def money_amount(**kwargs):
    """An amount of money from 0 to MAX_AMOUNT with at most 2 places (an opportunity's)."""
    return Exact(2, validate=validate.Range(min=0, max=MAX_AMOUNT, error=_l("From 0 to 999,999,999,999.99.")),
                 **kwargs)
