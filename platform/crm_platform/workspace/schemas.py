"""Marshmallow schema of the workspace's name and settings."""
from functools import lru_cache
from zoneinfo import available_timezones

import phonenumbers
from babel.numbers import list_currencies
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from crm_platform.i18n.selection import LANGUAGES
from crm_platform.schemas import BaseSchema

MAX_CARE_REMINDER_DAYS = 90
MAX_POOL_DAYS = 3650
POOL_SCOPES = ("unit", "company")


def _days(description, maximum=MAX_POOL_DAYS):
    """An optional whole number of days from 0 to `maximum` (the pool's settings)."""
    return fields.Int(strict=True, validate=validate.Range(
        min=0, max=maximum, error=_l("Enter a whole number from {min} to {max}.")),
        metadata={"description": description})


@lru_cache(maxsize=1)
def time_zones():
    """The IANA time zone names this machine knows, sorted (what the settings page offers)."""
    return tuple(sorted(available_timezones()))


def phone_regions():
    """The two-letter regions phonenumbers knows, sorted (what the settings page offers)."""
    return tuple(sorted(phonenumbers.SUPPORTED_REGIONS))


class WorkspaceSchema(BaseSchema):
    """The workspace: its name, time zone and care reminder days."""

    id = fields.Int(dump_only=True)
    slug = fields.Str(dump_only=True, metadata={"description": "what people type at sign-in; never changes"})
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    timezone = fields.Str(
        required=True,
        # The default OneOf message would list all ~600 names.
        validate=validate.OneOf(time_zones(), error=_l("Not a known time zone; use an IANA name such as Asia/Shanghai.")),
        metadata={"description": "IANA name; the workspace's \"today\" for schedules and reminders"})
    # Strict: 7.5 days is refused rather than cut to 7.
    care_reminder_days = fields.Int(
        required=True, strict=True,
        validate=validate.Range(min=0, max=MAX_CARE_REMINDER_DAYS,
                                error=_l("Enter a whole number of days from 0 to 90.")),
        metadata={"description": "remind owners this many days before a birthday or founding date; 0 turns it off"})
    locale = fields.Str(allow_none=True, validate=validate.OneOf(tuple(LANGUAGES)),
                        metadata={"description": "default language (en, zh_CN); null: each browser's own"})
    currency = fields.Str(validate=validate.OneOf(sorted(list_currencies())),
                          metadata={"description": "ISO 4217 code that money is shown in, e.g. CNY"})
    phone_region = fields.Str(
        validate=validate.OneOf(phone_regions(), error=_l("Not a known region; use a two-letter code such as CN.")),
        metadata={"description": "ISO 3166 region of phone numbers typed without +country (default CN); "
                                 "numbers already stored keep their keys until they are edited"})
    pool_inactive_days = _days("customers go back to the pool after this many days without an activity "
                               "logged by their owner; 0 turns the rule off")
    pool_unsigned_days = _days("customers not signed this many days after assignment go back to the pool; 0: off")
    pool_scope = fields.Str(validate=validate.OneOf(POOL_SCOPES),
                            metadata={"description": "unit: one pool per org unit; company: one pool"})
    pool_claim_limit = _days("how many customers a user may claim from the pool per day (workspace-local); "
                             "0: only assignments", maximum=1000)
    pool_warning_days = _days("owners are warned on Today this many days before a customer goes; 0: no warning",
                              maximum=90)
