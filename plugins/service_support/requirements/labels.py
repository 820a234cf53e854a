"""The words for a requirement's statuses, in the reader's language."""
from crm_platform.sdk import lazy_gettext as _l

STATUS_LABELS = {
    "new": _l("New"),
    "under_review": _l("Under review"),
    "planned": _l("Planned"),
    "done": _l("Done"),
    "declined": _l("Declined"),
}
"""{status: label}, in the order of the workflow."""
