"""The value types plugins hand to the core (re-exported by crm_platform.sdk)."""
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup


@dataclass(frozen=True)
class PluginInfo:
    """What `crm_plugin_info` returns: the name people see, a description, required plugins."""

    label: str
    description: str = ""
    requires: tuple = field(default_factory=tuple)


@dataclass(frozen=True)
class Panel:
    """A box on the customer page: a title and HTML (render it with render_template)."""

    title: str
    html: Markup


@dataclass(frozen=True)
class TodaySection:
    """What `crm_today_sections` returns: a section of the Today page, with the number of overdue items in it.

    `html` is escaped unless it is Markup (render a template and wrap the result).
    `overdue` counts the section's overdue items, so the page can say how much is late.
    """

    title: str
    html: Markup
    overdue: int = 0


@dataclass(frozen=True)
class DashboardWidget:
    """What `crm_dashboard_widgets` returns: a box of the home dashboard that each user may show, hide and order.

    `key` is stable and starts with the plugin's short name ("sales.pipeline"): a
    user's layout stores keys. `render` is called with no arguments only when the
    widget is shown, and returns its HTML (Markup; render a template and wrap it).
    `default` widgets are shown until the user chooses their own.
    """

    key: str
    title: str
    render: Callable[[], Markup]
    description: str = ""
    default: bool = True


@dataclass(frozen=True)
class CustomerFilter:
    """What `crm_customer_filters` returns: a filter of the core customer list, its API, exports and bulk actions.

    `key` is the query parameter, prefixed by the plugin's name ("insights_class");
    `choices()` gives the [(value, label)] a value must be one of (the list's select);
    `criterion(value)` is a SQL condition on the customers table for a chosen value,
    e.g. `Customer.id.in_(select(...))`: it only narrows what the viewer may see.
    """

    key: str
    label: str
    choices: Callable[[], list]
    criterion: Callable[[str], Any]
