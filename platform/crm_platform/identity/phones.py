"""Phone numbers: parsed, validated and normalised with `phonenumbers` in the workspace's default region.

A number is stored as typed ("138 2542 6991"); two keys are derived from it:
the duplicate key (E.164, "+8613825426991", so "021-62588899" and
"+86 21 6258 8899" are one number) and the search digits (the national
number's digits with its trunk prefix, "02162588899", plus any extension),
which the list's search matches the digits of a query against.
"""
import re
import unicodedata
from functools import lru_cache

import phonenumbers
from flask_babel import gettext as _
from marshmallow import ValidationError

from crm_platform.tenancy import current_tenant_id

DEFAULT_REGION = "CN"
KEY_LENGTH = 255
# Shorter digit strings (an extension, "0") would match unrelated customers.
MIN_PHONE_DIGITS = 5
# Chinese offices write an extension as 转 ("010-12345678转123"); phonenumbers knows "ext.".
_EXTENSION_WORDS = re.compile(r"\s*[转轉]\s*")


def phone_region():
    """The workspace's default region for numbers typed without +country ("CN" unless set).

    Read once per session: the model validators call it for every phone set.
    """
    # Imported here: the settings and the models import this module's callers.
    from crm_platform.extensions import db
    from crm_platform.models import Tenant
    from crm_platform.workspace.settings import DEFAULTS, get_setting

    tenant_id = current_tenant_id()
    if tenant_id is None:
        return DEFAULT_REGION
    cache = db.session.info.setdefault("phone_region", {})
    if tenant_id not in cache:
        # Called from model validators, possibly while an object is half built: no flush.
        with db.session.no_autoflush:
            tenant = db.session.get(Tenant, tenant_id)
        cache[tenant_id] = get_setting(tenant, "phone_region") if tenant else DEFAULTS["phone_region"]
    return cache[tenant_id]


def _plain(value):
    """`value` with full-width digits as ASCII and 转 as an extension mark."""
    return _EXTENSION_WORDS.sub(" ext. ", unicodedata.normalize("NFKC", value or "")).strip()


def parse_phone(value, region=None):
    """The PhoneNumber in `value`, or None when it does not parse."""
    try:
        return phonenumbers.parse(_plain(value), region or phone_region())
    except phonenumbers.NumberParseException:
        return None


@lru_cache(maxsize=4096)
def _reading(text, region):
    """(E.164, national digits with the extension) of the valid number `text` in `region`; None for no valid number.

    Validating a phone, its duplicate key and its search digits read the same
    text: a customer import does all three for every row, and parsing is most
    of their cost. Only these plain strings are kept (a PhoneNumber is mutable).
    """
    number = parse_phone(text, region)
    if number is None or not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    extension, number.extension = number.extension, None
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return e164, (_digits(national) + (extension or ""))[:KEY_LENGTH]


def is_valid_phone(value, region=None):
    """True when `value` is a number that can exist in its country (a CN mobile, a landline with area code...)."""
    return bool(value) and _reading(value, region or phone_region()) is not None


def validate_phone(value):
    """A marshmallow validator: a field error unless `value` is empty or a valid number."""
    if value and not is_valid_phone(value):
        raise ValidationError(_("This is not a valid phone number; include the area code, or +country for "
                                "numbers abroad."))


def _digits(value):
    return re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", value or ""))[:KEY_LENGTH]


def phone_key(value, region=None):
    """The number as duplicates are found by: E.164 ("+8613825426991"); its digits if it is no valid number; or None."""
    reading = _reading(value, region or phone_region()) if value else None
    if reading is not None:
        return reading[0]
    digits = _digits(value)
    return digits if len(digits) >= MIN_PHONE_DIGITS else None


def phone_digits(value, region=None):
    """The digits the search matches: the national form's ("02162588899"), then the extension; or None."""
    reading = _reading(value, region or phone_region()) if value else None
    if reading is not None:
        return reading[1]
    return _digits(value) or None


def query_digits(query):
    """The digits a search for `query` looks for, when it looks like (part of) a phone number; else None.

    A whole number typed with +country ("+86 21 6258 8899") is turned into the
    stored national digits; a part of one ("2542 6991") is matched as typed.
    """
    text = unicodedata.normalize("NFKC", query or "").strip()
    if not re.fullmatch(r"[0-9\s\-+().]+", text):
        return None
    digits = _digits(text)
    if len(digits) < 3:
        return None
    return phone_digits(text) if text.startswith("+") else digits
