"""What the service metrics feature adds through the module's hooks: its entry in the main menu."""
from crm_platform.sdk import MenuItem, has_permission, lazy_gettext as _l

from plugins.service_support.permissions import AGENT, METRICS


def menu_items(user):
    """"Service metrics" for those who see everyone's figures, and for service agents (who see their own)."""
    if has_permission(user, METRICS) or user.role == AGENT.name:
        return [MenuItem(_l("Service metrics"), "service_metrics.index")]
    return []
