"""Finding the existing customers a chunk of rows duplicates: by credit code, email, phone or name, one query per key.

Keys are the customer's stored key columns (models/customers.py: the credit
code compact, the email case-folded with full-width forms and white space
evened out, the phone as E.164, the company name also without bracket styles
and legal form), computed by the same Python functions for a row of the file
and for a customer, so matching inside a chunk and against the database agree
on every database. A chunk's keys go into IN lists on indexed columns, so a
chunk of 500 rows costs three index look-ups, not 500 queries or a scan.
"""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm_platform.extensions import db
from crm_platform.models import Customer
from crm_platform.models.customer_keys import DUPLICATE_KINDS, duplicate_key_values
from crm_platform.models.customers import duplicate_key_columns
from crm_platform.visibility import customer_criterion, customer_manage_criterion

KEYS = tuple(DUPLICATE_KINDS)  # also the order in which a match counts


def keys_of(values):
    """[(key kind, key)] of a customer's or a row's {field: value}, in KEYS order."""
    return duplicate_key_values(values)


def existing_matches(keys):
    """{(key kind, key): customer} of the tenant's customers that have any of `keys`; the oldest wins."""
    found = {}
    for kind in KEYS:
        wanted = sorted({key for key_kind, key in keys if key_kind == kind})
        if not wanted:
            continue
        matched = {}
        # One query per key column (a phone is looked up among phones and mobiles): an OR
        # of two IN lists would let SQLite's planner scan the tenant instead of two indexes.
        for column in duplicate_key_columns(kind):
            # Tags are loaded with them: an update replaces them without a query per customer.
            stmt = select(Customer).where(column.in_(wanted)).options(selectinload(Customer.tag_rows))
            for customer in db.session.scalars(stmt):
                matched[customer.id] = customer
        # Sorted here, not with ORDER BY: SQLite would then walk a whole index of
        # the tenant to save sorting a few rows. Oldest by creation: ids are random.
        for customer in sorted(matched.values(), key=lambda customer: (customer.created_at, customer.id)):
            for column in duplicate_key_columns(kind):
                if getattr(customer, column.key) in wanted:
                    found.setdefault((kind, getattr(customer, column.key)), customer)
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
