"""The words for a task's statuses and priorities, in the reader's language."""
from crm_platform.sdk import lazy_gettext as _l

STATUS_LABELS = {
    "unassigned": _l("Unassigned"),
    "assigned": _l("Assigned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "cancelled": _l("Cancelled"),
}
"""{status: label}, in the order of the workflow."""

PRIORITY_LABELS = {
    "low": _l("Low"),
    "normal": _l("Normal"),
    "high": _l("High"),
    "urgent": _l("Urgent"),
}
"""{priority: label}, lowest first."""
