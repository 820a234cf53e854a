"""The words for the catalogue's kinds and resource categories, in the reader's language."""
from crm_platform.sdk import lazy_gettext as _l

KIND_LABELS = {"skill": _l("Skill"), "resource": _l("Resource")}
"""{kind: label}."""

CATEGORY_LABELS = {"vehicle": _l("Vehicle"), "tool": _l("Tool"), "licence": _l("Licence"), "other": _l("Other")}
"""{resource category: label}, in the order offered."""
