"""Schema building blocks shared by every feature's marshmallow schemas."""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

from crm_platform.opaque_ids import MAX_ID, holds_ids

# The largest number an INTEGER column holds (PostgreSQL refuses a larger
# parameter with an error rather than no row). Ids are BIGINT: MAX_ID.
MAX_INT = 2**31 - 1


def is_storable(text):
    """True when every database can store `text`: no NUL, no lone UTF-16 surrogates.

    PostgreSQL refuses NUL in text and psycopg cannot encode lone surrogates
    (which JSON's "\\ud800" escapes produce); both would otherwise be a 500.
    """
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _storable_text(value):
    if isinstance(value, str) and not is_storable(value):
        # A str, not the lazy string: marshmallow takes any other message for a list
        # of messages and would report the sentence letter by letter.
        raise ValidationError(str(_l("This text contains characters that cannot be stored.")))


def _loose_json_value(field, value):
    """True for a JSON value marshmallow would read as something else: 0 or 1 as a boolean, 2.5 as 2.

    Forms send strings, which keep marshmallow's reading ("on", "1"); only JSON sends numbers.
    """
    if isinstance(field, fields.List):
        return isinstance(value, list) and any(_loose_json_value(field.inner, item) for item in value)
    if isinstance(field, fields.Boolean):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(field, fields.Integer):
        return isinstance(value, float) and not value.is_integer()
    return False


class StorableValues:
    """Fields refuse values no column can hold (a field error, not a database error), and loose JSON types."""

    @pre_load
    def _refuse_loose_json(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        loose = {key: [(field.inner if isinstance(field, fields.List) else field).error_messages["invalid"]]
                 for key, value in data.items()
                 if (field := self.fields.get(key)) is not None and _loose_json_value(field, value)}
        if loose:
            raise ValidationError(loose)
        return data

    def on_bind_field(self, field_name, field_obj):
        """Add the range check to integer fields and the text check to string fields."""
        inner = field_obj.inner if isinstance(field_obj, fields.List) else field_obj
        if isinstance(inner, fields.Integer):
            largest = MAX_ID if holds_ids(field_obj.data_key or field_name) else MAX_INT
            in_range = validate.Range(min=-largest - 1, max=largest, error=_l("This number is out of range."))
            inner.validators = [*inner.validators, in_range]
        elif isinstance(inner, fields.String):
            inner.validators = [*inner.validators, _storable_text]


def decimal_places(value):
    """How many decimal places finite Decimal `value` needs (trailing zeros aside): 0 for 1200, 1 for 1.50.

    Read from the digits, not with Decimal.normalize(), whose context overflows on 1e999999999 (a 500).
    """
    _sign, digits, exponent = value.as_tuple()
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros)) if any(digits) else 0


class Places(validate.Validator):
    """Refuse a Decimal with more than `places` decimal places instead of rounding it away.

    The API document states it as `multipleOf` (crm_platform.api.contract), so put it on a
    field that keeps every digit given: a Decimal without `places`, which rounds before validators run.
    """

    def __init__(self, places):
        self.places = places

    def __call__(self, value):
        """Return `value`, or raise a field error naming the places allowed."""
        if value.is_finite() and decimal_places(value) > self.places:
            raise ValidationError(str(_l("Use at most %(places)s decimal places.", places=self.places)))
        return value


class Month(fields.String):
    """A month written YYYY-MM, from 1970 to 2999, loaded as its first day; the document states the pattern.

    The years bound what reports do with a month: the months after it, and its local
    midnight in every time zone, must exist.
    """

    PATTERN = r"^(19[7-9][0-9]|2[0-9]{3})-(0[1-9]|1[0-2])$"
    FIRST, LAST = date(1970, 1, 1), date(2999, 12, 1)
    default_error_messages = {"invalid_month": _l("Enter a month from 1970 to 2999 as YYYY-MM, e.g. 2026-03.")}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.metadata = {"pattern": self.PATTERN, **self.metadata}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not re.fullmatch(self.PATTERN, text):
            raise self.make_error("invalid_month")
        return date(int(text[:4]), int(text[5:7]), 1)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.strftime("%Y-%m")


class Password(fields.String):
    """A password: kept exactly as typed, spaces included, as sign-in compares it (BaseSchema strips other strings)."""


class BaseSchema(StorableValues, Schema):
    """Strips strings (not passwords) and treats "" as absent-or-null, so HTML forms and JSON agree."""

    @pre_load
    def _blank_to_none(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        cleaned = {}
        for key, value in data.items():
            if isinstance(value, str):
                field = self.fields.get(key)
                value = value if isinstance(field, Password) else value.strip()
                if value == "" and field is not None and (field.allow_none or not field.required):
                    value = None if field.allow_none else value
            cleaned[key] = value
        return cleaned


class QuerySchema(StorableValues, Schema):
    """Query-string schemas ignore parameters they do not know (cache busters, UTM tags)."""

    class Meta:
        """Drop unknown parameters instead of refusing them."""

        unknown = EXCLUDE

    cursor = fields.Str(metadata={"description": "next_cursor from the previous page"})
    # A Range, not a lambda: marshmallow 4 ignores a validator that returns False.
    limit = fields.Int(load_default=50, validate=validate.Range(min=1, max=200),
                       metadata={"description": "page size, 1 to 200"})


class UserRefSchema(Schema):
    """A user as other records refer to them."""

    id = fields.Int()
    name = fields.Str()
    email = fields.Str()


def page_schema(item_schema, name):
    """A `{items, next_cursor}` list schema for `item_schema`."""
    return Schema.from_dict(
        {"items": fields.List(fields.Nested(item_schema)), "next_cursor": fields.Str(allow_none=True)},
        name=name,
    )
