"""The names people read for the values an SLA policy holds (priorities, categories, escalations, states)."""
from crm_platform.sdk import lazy_gettext as _l

# A policy matches a ticket's priority and category: the pages name them as the tickets feature does.
from plugins.service_support.tickets.labels import CATEGORY_LABELS, PRIORITY_LABELS  # noqa: F401 (re-exported)

ESCALATION_LABELS = {"notify_manager": _l("Notify the manager"), "raise_priority": _l("Raise the priority"),
                     "reassign": _l("Reassign")}
STATE_LABELS = {"met": _l("Met"), "breached": _l("Breached"), "paused": _l("Paused"), "running": _l("Running"),
                "unknown": _l("No due time")}
