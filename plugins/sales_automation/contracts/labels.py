"""The words pages show for a contract's statuses."""
from crm_platform.sdk import lazy_gettext as _l

STATUS_LABELS = {"active": _l("Active"), "completed": _l("Completed"), "cancelled": _l("Cancelled")}
