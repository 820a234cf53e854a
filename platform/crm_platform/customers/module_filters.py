"""Filters that modules add to the customer list (the tenant hook `crm_customer_filters`).

The list page shows each as a select in its filter bar; the list and count API
take `<key>=<value>` in the query string; exports and bulk actions over every
match take them as `module_filters` {key: value}, checked when asked and applied
again by the job. A value must be one of the filter's choices, else a field error
under the filter's key. A filter only narrows what the visibility policy already
lets the user see. Only the workspace's enabled plugins contribute.
"""
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from marshmallow import ValidationError

from crm_platform.extensions import db
from crm_platform.modules.contributions import CustomerFilter
from crm_platform.modules.events import call_each

log = logging.getLogger("crm.plugins")

HOOK = "crm_customer_filters"
KEY = re.compile(r"^[a-z][a-z0-9]*_[a-z0-9_]{1,60}$")
"""A key is the plugin's prefix, an underscore and a name: insights_class."""
# The list's own parameters (and the bulk form's) that have the shape of a key: a module may not take them.
RESERVED = frozenset({"owner_id", "org_unit_id", "province_code", "no_contact_days", "follow_up_overdue",
                      "custom_fields", "module_filters", "page_size", "user_id", "csrf_token"})
RESERVED_PREFIXES = ("cf_", "filter_")


@dataclass(frozen=True)
class OfferedFilter:
    """A module's filter as the list uses it: its choices taken once, as [(value as text, label)]."""

    key: str
    label: str
    choices: list
    criterion: Callable[[str], Any]
    plugin: str


def _check(result):
    """Refuse a result that is not a list of CustomerFilter with usable keys (the plugin counts as failing)."""
    if result is None:
        return
    if not isinstance(result, (list, tuple)) or not all(isinstance(item, CustomerFilter) for item in result):
        raise TypeError(f"{HOOK} must return a list of CustomerFilter")
    for item in result:
        if not KEY.match(item.key) or item.key in RESERVED or item.key.startswith(RESERVED_PREFIXES):
            raise ValueError(f"{HOOK}: {item.key!r} is not a filter key (prefix_name, not one of the list's own)")


def _offered(plugin, item):
    """`item` with its choices taken now; None (logged) when its choices fail, so one module cannot break the list."""
    try:
        choices = [(str(value), label) for value, label in item.choices()]
    except Exception:  # the plugin's failure stays its own: its filter is left out
        log.exception("plugin %s failed in %s (the choices of %s)", plugin, HOOK, item.key)
        db.session.rollback()
        return None
    return OfferedFilter(item.key, item.label, choices, item.criterion, plugin)


def module_filters(user):
    """{key: OfferedFilter} the enabled plugins offer `user`, in plugin order; a repeated key keeps the first."""
    offered = {}
    for plugin, items in call_each(HOOK, check=_check, user=user):
        for item in items or ():
            if item.key in offered:
                log.error("plugin %s failed in %s: the key %s is %s's", plugin, HOOK, item.key,
                          offered[item.key].plugin)
                continue
            found = _offered(plugin, item)
            if found is not None:
                offered[item.key] = found
    return offered


def module_params(offered, args):
    """The non-blank values `args` (a query string or form) gives the `offered` filters, as {key: text}."""
    return {key: str(args.get(key)).strip() for key in offered if str(args.get(key) or "").strip()}


def parse_module_filters(offered, params):
    """[(OfferedFilter, value)] for {key: text} (blanks skipped); a ValidationError {key: [message]} per bad one."""
    found, errors = [], {}
    for key, text in params.items():
        text = str(text).strip()
        if not text:
            continue
        item = offered.get(key)
        if item is None:
            errors[key] = [_("No module of this workspace offers this filter.")]
        elif text not in {value for value, _label in item.choices}:
            errors[key] = [_("%(value)s is not one of this filter's values.", value=text)]
        else:
            found.append((item, text))
    if errors:
        raise ValidationError(errors)
    return found


def apply_module_filters(stmt, chosen):
    """`stmt` (on the customers table) narrowed by each chosen (filter, value)'s criterion."""
    for item, value in chosen:
        stmt = stmt.where(item.criterion(value))
    return stmt
