"""One row of a file as customer fields, validated exactly as the API validates a customer.

Cells are text (parsing.cell_text). What spreadsheets write differently from
the API is translated first (dates like 2024/03/05, tags in one cell, owners by
email, "Signed" or 签约 for a status); then CustomerSchema decides, so an
imported customer obeys the same rules as one created through the API.
"""
import re
from datetime import datetime

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select

from crm_platform.customers.schemas import CustomerSchema
from crm_platform.customers.service import may_assign_to
from crm_platform.customers.standard_fields import IMPORT_WORDS, SOURCES
from crm_platform.extensions import db
from crm_platform.i18n.library_messages import translate_message
from crm_platform.models import User
from crm_platform.regions import divisions
from crm_platform.regions.location import settle_location
from crm_platform.workspace.settings import current_tenant

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
# Half- and full-width separators: Chinese input methods type ； and ，.
_TAG_SEPARATORS = re.compile(r"[;,；，]")
# What people write for the customer enums besides the values themselves: the
# English labels of the forms and the Chinese words (the same in every locale,
# so a preview and the job agree).
_CHOICE_WORDS = {
    "kind": {"公司": "company", "企业": "company", "个人": "person"},
    "status": {"following up": "following", "签约": "signed", "已签约": "signed", "跟进": "following",
               "跟进中": "following", "终止": "terminated", "已终止": "terminated"},
    "level": {"effective (buying)": "effective", "有效": "effective", "有效客户": "effective",
              "潜在": "potential", "潜在客户": "potential", "意向": "intention", "意向客户": "intention"},
    **IMPORT_WORDS,
}
# Division columns hold names (浙江, 杭州市) or codes; each is looked up under the one before.
_DIVISIONS = (("province", "province_code"), ("city", "city_code"), ("district", "district_code"))


def parse_date(text):
    """An ISO date for the schema from the forms spreadsheets use; other text is passed on for the schema to refuse."""
    head = text.strip().split(" ")[0].split("T")[0]
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(head, pattern).date().isoformat()
        except ValueError:
            continue
    return text


def split_tags(text):
    """A tags cell ("vip; north", "vip，north") as a list."""
    return [tag.strip() for tag in _TAG_SEPARATORS.split(text) if tag.strip()]


def division_codes(raw):
    """Replace the province, city and district names in `raw` by their codes; returns field errors."""
    errors, parent = {}, None
    for field, code_field in _DIVISIONS:
        text = raw.pop(field, None)
        if text is None:
            parent = None
            continue
        code = divisions.find(text, parent) if parent or field == "province" else None
        if code is None:
            errors[field] = [_("No such division here: %(name)s.", name=text)]
        raw[code_field] = parent = code
    return errors


def customer_source_key(text):
    """The customer source `text` means (its key, English label or a Chinese word: "展会" is exhibition), else None."""
    key = _choice("source", text)
    return key if key in SOURCES else None


def _choice(field, text):
    """The enum value meant by `text`: the value in any case, an English label or a Chinese word for it."""
    key = " ".join(text.split()).lower()
    return _CHOICE_WORDS[field].get(key, key)


class Owners:
    """Owner emails to user ids, checked with the service's assignment rules, each email looked up once."""

    def __init__(self, actor):
        self.actor = actor
        self._known = {}

    def resolve(self, email):
        """The id of the active user with `email` whom the actor may make owner; a ValidationError otherwise."""
        key = email.strip().lower()
        if key not in self._known:
            user = db.session.scalar(select(User).where(func.lower(User.email) == key))
            if user is None or not user.active:
                self._known[key] = _("No active user has the email %(email)s.", email=email.strip())
            elif not may_assign_to(self.actor, user):
                self._known[key] = _("You may not assign customers to this user.")
            else:
                self._known[key] = user.id
        found = self._known[key]
        if isinstance(found, str):
            raise ValidationError({"owner": [found]})
        return found


class RowReader:
    """Turns a row's cells into validated customer fields, for one batch's mapping."""

    def __init__(self, headers, mapping, actor):
        self.columns = [(index, mapping[header]) for index, header in enumerate(headers) if header in mapping]
        self.owners = Owners(actor)
        self.schema = CustomerSchema()  # one instance: marshmallow schemas are reusable and costly to build
        # Held so that it stays in the session's identity map, which keeps only what is referenced: settling
        # each row's location reads the workspace's regions, and would otherwise query (and flush) per row.
        self.workspace = current_tenant()

    def is_blank(self, cells):
        """True when the mapped cells of a row are all empty (blank rows are ignored)."""
        return not any(cells[index].strip() for index, _field in self.columns)

    def fields(self, cells):
        """The row's non-empty mapped fields, validated: {field: value}, owner as owner_id.

        Raises ValidationError with every problem of the row.
        """
        raw = {}
        for index, field in self.columns:
            text = cells[index].strip()
            if not text:
                continue
            if field == "care_date":
                text = parse_date(text)
            elif field in _CHOICE_WORDS:
                text = _choice(field, text)
            if field.startswith("cf_"):
                raw.setdefault("custom_fields", {})[field[3:]] = text
            else:
                raw[field] = split_tags(text) if field == "tags" else text
        owner_email = raw.pop("owner", None)
        errors, data = division_codes(raw), {}
        try:
            data = settle_location(self.schema.load(raw))
        except ValidationError as err:
            errors.update(err.normalized_messages())
        if owner_email is not None:
            try:
                data["owner_id"] = self.owners.resolve(owner_email)
            except ValidationError as err:
                errors.update(err.normalized_messages())
        if errors:
            raise ValidationError(errors)
        # Only what the row says: defaults such as status "following" must not overwrite an updated customer.
        return {key: value for key, value in data.items() if key in raw or key == "owner_id"}


def reason(error):
    """A ValidationError as one sentence per field: "email: Not a valid email address."."""
    parts = []
    for field, messages in _custom_fields_apart(error.normalized_messages()).items():
        text = " ".join(_flat(messages))
        parts.append(text if field == "_schema" else f"{field}: {text}")
    return "; ".join(parts)


def _custom_fields_apart(messages):
    """Messages with each custom field's own under its column's field name, cf_<key>."""
    custom = messages.get("custom_fields")
    if not isinstance(custom, dict):
        return messages
    rest = {field: problem for field, problem in messages.items() if field != "custom_fields"}
    return {**rest, **{f"cf_{key}": problem for key, problem in custom.items()}}


def _flat(messages):
    """Every message text in marshmallow's nested messages (lists and dicts), in order."""
    if isinstance(messages, dict):
        return [text for value in messages.values() for text in _flat(value)]
    if isinstance(messages, (list, tuple)):
        return [text for value in messages for text in _flat(value)]
    return [translate_message(str(messages))]  # marshmallow's own texts too, in the reader's language
