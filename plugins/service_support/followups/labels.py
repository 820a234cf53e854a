"""The readable names of a return visit's kinds, reasons and results, in the reader's language."""
from crm_platform.sdk import lazy_gettext as _l

KIND_LABELS = {"call": _l("Call"), "visit": _l("Visit")}
REASON_LABELS = {"complaint_resolved": _l("Complaint resolved"), "low_score": _l("Low satisfaction score")}
RESULT_LABELS = {"satisfied": _l("Satisfied"), "unsatisfied": _l("Unsatisfied"), "unreachable": _l("Unreachable")}
