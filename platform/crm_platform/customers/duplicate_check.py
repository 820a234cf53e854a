"""Customers a customer typed by hand would duplicate: the form's warning, the API's 409, unique credit codes.

The keys are the import's (models/customers.py), so the form, the API and an
import agree on what a duplicate is. Matches the user may not see are told
only as "some customer": never their id, name or owner.
"""
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import or_, select

from crm_platform.extensions import db
from crm_platform.identity.companies import credit_code
from crm_platform.models import Customer
from crm_platform.models.customer_keys import DUPLICATE_KINDS, duplicate_key_values
from crm_platform.models.customers import duplicate_key_columns
from crm_platform.visibility import customer_criterion

# The order a match is reported in: the most certain first.
FIELDS = tuple(DUPLICATE_KINDS)
FIELD_LABELS = {"credit_code": _l("credit code"), "email": _l("email"), "phone": _l("phone or mobile"),
                "name": _l("name")}
# Enough to show; a name shared by hundreds of customers needs no list of all of them.
MAX_MATCHES = 10


def duplicate_matches(user, data, exclude_id=None):
    """[{"id", "name", "fields", "visible"}] of the customers whose keys `data` shares, oldest first.

    "id" and "name" are None for customers `user` may not see.
    """
    fields_of = {}
    for field, key in duplicate_key_values(data):
        stmt = select(Customer.id).where(or_(*(column == key for column in duplicate_key_columns(field)))) \
            .order_by(Customer.created_at, Customer.id).limit(MAX_MATCHES)
        if exclude_id is not None:
            stmt = stmt.where(Customer.id != exclude_id)
        for customer_id in db.session.scalars(stmt):
            if field not in fields_of.setdefault(customer_id, []):
                fields_of[customer_id].append(field)
    if not fields_of:
        return []
    # Oldest first by creation time: ids are random (opaque_ids.py) and say nothing about age.
    ids = db.session.scalars(select(Customer.id).where(Customer.id.in_(fields_of))
                             .order_by(Customer.created_at, Customer.id).limit(MAX_MATCHES)).all()
    visible = dict(db.session.execute(select(Customer.id, Customer.name).where(
        Customer.id.in_(ids), customer_criterion(user))).all())
    return [{"id": cid if cid in visible else None, "name": visible.get(cid), "fields": fields_of[cid],
             "visible": cid in visible} for cid in ids]


def matched_fields(matches):
    """The fields any of `matches` shares, in FIELDS order."""
    found = {field for match in matches for field in match["fields"]}
    return [field for field in FIELDS if field in found]


def duplicate_message(matches):
    """One sentence naming the shared fields, for the form and the API."""
    names = ", ".join(str(FIELD_LABELS[field]) for field in matched_fields(matches))
    return _("An existing customer has the same %(fields)s.", fields=names)


def check_credit_code_free(data, exclude_id=None):
    """A field error when another customer of the workspace has `data`'s credit code (unique per workspace)."""
    code = credit_code(data.get("credit_code"))
    if code is None:
        return
    stmt = select(Customer.id).where(Customer.credit_code == code)
    if exclude_id is not None:
        stmt = stmt.where(Customer.id != exclude_id)
    if db.session.scalar(stmt.limit(1)) is not None:
        raise ValidationError({"credit_code": [_("Another customer in this workspace has this credit code.")]})
