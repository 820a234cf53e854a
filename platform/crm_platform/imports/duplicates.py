"""Finding the existing customers a chunk of rows duplicates: by email, phone or name, one query per key.

Keys: the email case-insensitively, the phone's digits ("138 0013 8000" is
13800138000), the name case-insensitively and trimmed. A chunk's keys go into
IN lists, so a chunk of 500 rows costs three queries, not 500.
"""
import re

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from crm_platform.extensions import db
from crm_platform.models import Customer
from crm_platform.visibility import customer_criterion, customer_manage_criterion

KEYS = ("email", "phone", "name")  # also the order in which a match counts
# Shorter digit strings (an extension, "0") would match unrelated customers.
MIN_PHONE_DIGITS = 5
# What people put between a phone's digits; the database strips these before comparing.
_PHONE_SEPARATORS = (" ", "-", "+", "(", ")", ".", "/")


def email_key(value):
    """The email as compared, or None."""
    return (value or "").strip().lower() or None


def phone_key(value):
    """The phone's digits as compared, or None when too short to mean anything."""
    digits = re.sub(r"\D", "", value or "")
    return digits if len(digits) >= MIN_PHONE_DIGITS else None


def name_key(value):
    """The name as compared, or None."""
    return (value or "").strip().lower() or None


KEY_OF = {"email": email_key, "phone": phone_key, "name": name_key}


def keys_of(values):
    """[(key kind, key)] of a customer's or a row's {field: value}, in KEYS order."""
    return [(kind, key) for kind in KEYS if (key := KEY_OF[kind](values.get(kind))) is not None]


def _phone_digits(column):
    """SQL for the column without the usual separators (what phone_key does in Python)."""
    for separator in _PHONE_SEPARATORS:
        column = func.replace(column, separator, "")
    return column


_COLUMN = {
    "email": lambda: func.lower(Customer.email),
    "phone": lambda: _phone_digits(Customer.phone),
    "name": lambda: func.lower(func.trim(Customer.name)),
}


def existing_matches(keys):
    """{(key kind, key): customer} of the tenant's customers that have any of `keys`; the oldest wins."""
    found = {}
    for kind in KEYS:
        wanted = sorted({key for key_kind, key in keys if key_kind == kind})
        if not wanted:
            continue
        # Tags are loaded with them: an update replaces them without a query per customer.
        stmt = (select(Customer).where(_COLUMN[kind]().in_(wanted)).options(selectinload(Customer.tag_rows))
                .order_by(Customer.id))
        for customer in db.session.scalars(stmt):
            key = KEY_OF[kind](getattr(customer, kind))
            if key is not None:
                found.setdefault((kind, key), customer)
    return found


def manageable_ids(user, customer_ids):
    """The ids among `customer_ids` that `user` may change (visibility's manage level)."""
    if not customer_ids:
        return set()
    stmt = select(Customer.id).where(Customer.id.in_(customer_ids), customer_manage_criterion(user))
    return set(db.session.scalars(stmt))


def visible_ids(user, customer_ids):
    """The ids among `customer_ids` that `user` may see."""
    if not customer_ids:
        return set()
    return set(db.session.scalars(select(Customer.id).where(Customer.id.in_(customer_ids), customer_criterion(user))))
