"""The readable names of a ticket's channels, categories, priorities, statuses and queue views."""
from crm_platform.sdk import lazy_gettext as _l

CHANNEL_LABELS = {"phone": _l("Phone"), "email": _l("Email"), "web": _l("Web"), "visit": _l("Visit")}
CATEGORY_LABELS = {"complaint": _l("Complaint"), "inquiry": _l("Inquiry"), "fault": _l("Fault"),
                   "requirement": _l("Requirement")}
PRIORITY_LABELS = {"low": _l("Low"), "normal": _l("Normal"), "high": _l("High"), "urgent": _l("Urgent")}
STATUS_LABELS = {"new": _l("New"), "open": _l("Open"), "pending": _l("Waiting on customer"),
                 "resolved": _l("Resolved"), "closed": _l("Closed")}
ACTION_LABELS = {"open": _l("Start work"), "pending": _l("Waiting on customer"), "resolved": _l("Resolve"),
                 "closed": _l("Close")}
"""The ticket page's buttons per target status (open from resolved or closed is "Reopen")."""
VIEW_LABELS = {"mine": _l("My tickets"), "team": _l("My team's queue"), "all": _l("All I can see"),
               "unassigned": _l("Unassigned")}
SORT_LABELS = {"newest": _l("Newest first"), "response_due": _l("First response due"),
               "resolution_due": _l("Resolution due")}
KIND_LABELS = {"reply": _l("Public reply"), "note": _l("Internal note")}


def all_labels():
    """Every label map by name, for the templates."""
    return {"channel": CHANNEL_LABELS, "category": CATEGORY_LABELS, "priority": PRIORITY_LABELS,
            "status": STATUS_LABELS, "action": ACTION_LABELS, "view": VIEW_LABELS, "sort": SORT_LABELS,
            "kind": KIND_LABELS}
