"""The value types plugins hand to the core (re-exported by crm_platform.sdk)."""
from dataclasses import dataclass, field

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
