"""The names people read for the values an SLA policy holds (priorities, categories, escalations, states)."""
from crm_platform.sdk import lazy_gettext as _l

PRIORITY_LABELS = {"low": _l("Low"), "normal": _l("Normal"), "high": _l("High"), "urgent": _l("Urgent")}
CATEGORY_LABELS = {"complaint": _l("Complaint"), "inquiry": _l("Inquiry"), "fault": _l("Fault"),
                   "requirement": _l("Requirement")}
ESCALATION_LABELS = {"notify_manager": _l("Notify the manager"), "raise_priority": _l("Raise the priority"),
                     "reassign": _l("Reassign")}
STATE_LABELS = {"met": _l("Met"), "breached": _l("Breached"), "paused": _l("Paused"), "running": _l("Running"),
                "unknown": _l("No due time")}
