"""The custom field types: how a value of each is read (from JSON, forms and spreadsheet cells) and stored.

`parse(field, value)` turns what a client sent into the stored Python value, or
raises ValueError with a message for people. Text from forms and import cells
is accepted for every type ("12.5", "2024/03/05", "yes", "a; b"), so a page,
an import and the API obey the same rules.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import func, select

from crm_platform.extensions import db
from crm_platform.models.custom_fields import TEXT_LENGTH
from crm_platform.opaque_ids import MAX_ID
from crm_platform.schemas import is_storable

TYPE_LABELS = {
    "text": _l("Text"), "number": _l("Number"), "money": _l("Money"), "date": _l("Date"),
    "choice": _l("Choice"), "multi_choice": _l("Multiple choice"), "user": _l("User"), "yes_no": _l("Yes/no"),
}
TYPES = tuple(TYPE_LABELS)
CHOICE_TYPES = ("choice", "multi_choice")
RANGE_TYPES = ("number", "money", "date")
# The value column each type is stored in.
COLUMN = {"text": "value_text", "choice": "value_text", "multi_choice": "value_text", "number": "value_number",
          "money": "value_number", "date": "value_date", "yes_no": "value_bool", "user": "value_user_id"}
# Numeric(24, 6): 18 digits before the point.
MAX_NUMBER = Decimal(10) ** 15
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
_SPLIT = re.compile(r"[;,；，]")
_YES = {"yes", "y", "true", "1", "on", "是", "对"}
_NO = {"no", "n", "false", "0", "off", "否", "不"}


@dataclass(frozen=True)
class FieldDef:
    """A definition as read once per request: plain values, safe after the session commits."""

    id: int
    entity: str
    key: str
    label: str
    type: str
    required: bool
    default: object
    choices: tuple
    position: int

    @property
    def column(self):
        """The value column this field's values are stored in."""
        return COLUMN[self.type]

    @property
    def param(self):
        """Its name in forms, list filters and import mappings: cf_<key>."""
        return f"cf_{self.key}"


def parse(field, value):
    """The value to store for `field` (None when empty); ValueError with a message when it is not valid."""
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        return [] if field.type == "multi_choice" else None
    return _PARSERS[field.type](field, value)


def _text(field, value):
    if not isinstance(value, str):
        raise ValueError(_("Enter text."))
    text = value.strip()
    if len(text) > TEXT_LENGTH:
        raise ValueError(_("Enter at most %(num)d characters.", num=TEXT_LENGTH))
    if not is_storable(text):
        raise ValueError(_("This text contains characters that cannot be stored."))
    return text


def _number(field, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError(_("Enter a number."))
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(_("Enter a number.")) from None
    if not number.is_finite() or abs(number) >= MAX_NUMBER:
        raise ValueError(_("This number is out of range."))
    if field.type == "money":
        if number != number.quantize(Decimal("0.01")):
            raise ValueError(_("Enter an amount with at most two decimal places."))
        return number.quantize(Decimal("0.01"))
    if number != number.quantize(Decimal("0.000001")):
        raise ValueError(_("Enter a number with at most six decimal places."))
    return number


def _date(field, value):
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        head = value.strip().split(" ")[0].split("T")[0]
        for pattern in _DATE_FORMATS:
            try:
                found = datetime.strptime(head, pattern).date()
            except ValueError:
                continue
            if 1800 <= found.year <= 2200:
                return found
    raise ValueError(_("Enter a date such as 2024-03-05."))


def _one_choice(field, value):
    if not isinstance(value, str):
        raise ValueError(_("Choose one of: %(choices)s.", choices=", ".join(field.choices)))
    text = value.strip()
    by_fold = {choice.casefold(): choice for choice in field.choices}
    if text.casefold() not in by_fold:
        raise ValueError(_("%(value)s is not one of: %(choices)s.", value=text, choices=", ".join(field.choices)))
    return by_fold[text.casefold()]


def _choices(field, value):
    items = _SPLIT.split(value) if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise ValueError(_("Choose any of: %(choices)s.", choices=", ".join(field.choices)))
    chosen = [_one_choice(field, item) for item in items if not (isinstance(item, str) and not item.strip())]
    # Kept in the order of the definition's choices, each once.
    return [choice for choice in field.choices if choice in chosen]


def _user(field, value):
    from crm_platform.models import User

    if isinstance(value, bool):
        raise ValueError(_("Choose a user of this workspace."))
    text = str(value).strip()
    if text.isdigit() and int(text) <= MAX_ID:
        stmt = select(User).where(User.id == int(text))
    else:
        stmt = select(User).where(func.lower(User.email) == text.lower())
    # A deactivated user is still one of the workspace's: a record that names them
    # keeps its value when edited (the forms offer only active users for new choices).
    user = db.session.scalar(stmt)
    if user is None:
        raise ValueError(_("No user of this workspace is %(value)s.", value=text[:100]))
    return user.id


def _yes_no(field, value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(_("Enter yes or no."))


_PARSERS = {"text": _text, "number": _number, "money": _number, "date": _date, "choice": _one_choice,
            "multi_choice": _choices, "user": _user, "yes_no": _yes_no}


def to_json(field, value):
    """A stored value as the API shows it: money and numbers as strings (exact), dates in ISO form."""
    if value is None:
        return None
    if field.type in ("number", "money"):
        value = Decimal(str(value))  # a default is kept in JSON as text
        if field.type == "money":
            return format(value.quantize(Decimal("0.01")), "f")
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_text(field, value):
    """A value as one form input or CSV cell: multi-choice joined with "; ", yes/no as yes or no."""
    if value is None or value == []:
        return ""
    if field.type == "multi_choice":
        return "; ".join(value)
    if field.type == "yes_no":
        return "yes" if value else "no"
    return str(to_json(field, value))
