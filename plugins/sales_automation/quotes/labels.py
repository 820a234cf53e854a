"""The words pages show for a quote's statuses."""
from crm_platform.sdk import lazy_gettext as _l

STATUS_LABELS = {"draft": _l("Draft"), "sent": _l("Sent"), "accepted": _l("Accepted"), "rejected": _l("Rejected"),
                 "superseded": _l("Superseded")}
