"""Every widget a user may put on their dashboard: the core's, then the enabled modules', one per key.

The core is one contributor among the modules: each module in CORE_WIDGET_MODULES
has `widgets(user)` returning DashboardWidget objects, as a plugin's
`crm_dashboard_widgets` does, and one that raises is logged and left out the same way.
A later core feature adds its module to the tuple.
"""
import logging

from markupsafe import escape

from crm_platform.announcements import widgets as announcements
from crm_platform.dashboard import recent_customers, today_widget
from crm_platform.extensions import db
from crm_platform.modules.contributions import DashboardWidget
from crm_platform.modules.events import collect

log = logging.getLogger("crm.plugins")

# Announcements first: what the company or the unit posts is read before one's own work.
CORE_WIDGET_MODULES = (announcements, today_widget, recent_customers)
CORE_PREFIX = "core."


def core_widgets(user):
    """The core's widgets for `user`, from each module of CORE_WIDGET_MODULES (a failing one is left out)."""
    found = []
    for module in CORE_WIDGET_MODULES:
        try:
            found += module.widgets(user)
        except Exception:  # the dashboard shows what works, as it does for the modules
            log.exception("core dashboard widgets of %s failed", module.__name__)
            db.session.rollback()
    return found


def _not_the_cores(widget):
    """Refuse a module's widget that takes a key of the core's own namespace."""
    if not isinstance(widget.key, str) or not widget.key or widget.key.startswith(CORE_PREFIX):
        raise ValueError(f"dashboard widget key {widget.key!r} is empty or reserved for the core")


def available_widgets(user):
    """The widgets `user` may show, core first then the modules' in hook order; a repeated key keeps the first."""
    widgets, seen = [], set()
    plugin_widgets = collect("crm_dashboard_widgets", DashboardWidget, valid=_not_the_cores, user=user)
    for widget in core_widgets(user) + plugin_widgets:
        if widget.key in seen:
            log.warning("dashboard widget key %s is offered twice; the first is kept", widget.key)
            continue
        seen.add(widget.key)
        widgets.append(widget)
    return widgets


def rendered(widget):
    """The widget's HTML (text that is not Markup is escaped), or None when its `render` raised (logged)."""
    try:
        return escape(widget.render())
    except Exception:  # one widget's bug must not take the page people land on down with it
        log.exception("dashboard widget %s failed to render", widget.key)
        db.session.rollback()
        return None
