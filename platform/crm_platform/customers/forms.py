"""Customer-specific form handling: labels, tags typed as text, local datetimes.

The generic part (form input in, field errors out) is in crm_platform/forms.py.
"""
import re
from datetime import datetime, timezone

from flask_babel import get_timezone, lazy_gettext as _l, to_user_timezone, to_utc

KIND_LABELS = {"company": _l("Company"), "person": _l("Person")}
STATUS_LABELS = {"signed": _l("Signed"), "following": _l("Following up"), "terminated": _l("Terminated")}
LEVEL_LABELS = {"effective": _l("Effective (buying)"), "potential": _l("Potential"), "intention": _l("Intention")}
ACTIVITY_LABELS = {"call": _l("Call"), "visit": _l("Visit"), "email": _l("Email"), "meeting": _l("Meeting")}
ACTIVITY_STATUS_LABELS = {"done": _l("Done (log it)"), "planned": _l("Planned (a follow-up)")}
SORT_LABELS = {
    "name": _l("Name A-Z"), "-name": _l("Name Z-A"), "pinyin": _l("Pinyin A-Z"), "-pinyin": _l("Pinyin Z-A"),
    "created_at": _l("Oldest first"), "-created_at": _l("Newest first"),
    "updated_at": _l("Least recently changed"), "-updated_at": _l("Recently changed"),
    "last_contacted_at": _l("Longest without contact"), "-last_contacted_at": _l("Recently contacted"),
    "next_follow_up_at": _l("Next follow-up first"), "-next_follow_up_at": _l("Next follow-up last"),
}

# The list's "no contact for N days" choices (the API takes any N).
NO_CONTACT_DAYS = (7, 14, 30, 60, 90)

# Chinese input methods type the full-width comma, so both separate tags.
_TAG_SEPARATORS = re.compile(r"[,，]")
_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def no_contact_choices():
    """The "no contact for N days" filter's options."""
    return [(days, _l("No contact for %(days)s days", days=days)) for days in NO_CONTACT_DAYS]


def split_tags(text):
    """Tags typed as "vip, north" as a list."""
    return [tag.strip() for tag in _TAG_SEPARATORS.split(text or "") if tag.strip()]


def local_to_utc(value):
    """A datetime-local value, read in the user's timezone, as an ISO UTC string.

    Values that do not parse are passed on untouched so the schema reports them.
    """
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    if moment.tzinfo is None:
        moment = to_utc(moment).replace(tzinfo=timezone.utc)
    return moment.isoformat()


def local_input_value(moment=None):
    """`moment` (default now) as a datetime-local value in the user's timezone."""
    moment = moment or datetime.now(timezone.utc)
    return to_user_timezone(moment).strftime(_LOCAL_FORMAT)


def timezone_name():
    """The timezone datetime-local inputs are read in, to label them."""
    return str(get_timezone())
