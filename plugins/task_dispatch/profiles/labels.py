"""The words profiles and the customer panel show for weekdays and a customer's relation to a person."""
from crm_platform.sdk import lazy_gettext as _l

WEEKDAY_LABELS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"),
                  _l("Sunday"))
"""Weekday names, Monday (0) first, as the calendar numbers them."""

RELATION_LABELS = {"preferred": _l("Preferred"), "excluded": _l("Excluded")}
"""{relation: label} of a customer's people."""
