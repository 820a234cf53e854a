"""The words for a task's priority on the board."""
from crm_platform.sdk import lazy_gettext as _l

PRIORITY_LABELS = {"low": _l("Low"), "normal": _l("Normal"), "high": _l("High"), "urgent": _l("Urgent")}
