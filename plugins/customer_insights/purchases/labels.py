"""The words for where a purchase came from, in the reader's language."""
from crm_platform.sdk import lazy_gettext as _l

SOURCE_LABELS = {"import": _l("Imported"), "api": _l("Entered"), "sales_payment": _l("Sales payment")}


def source_labels():
    """{source: label} of a purchase's sources (import, api, sales_payment)."""
    return dict(SOURCE_LABELS)
