"""The customer list's search box: a name, a phone, an email, pinyin or initials, the customer's or a contact's.

Phones match by digits whatever the spacing (identity/phones.py), Chinese
names by their stored full pinyin and initials (identity/pinyin.py), both as
substrings. A contact that matches brings its customer; the list's visibility
criterion still decides which customers the user sees.
"""
from sqlalchemy import or_, select

from crm_platform.identity.phones import query_digits
from crm_platform.identity.pinyin import query_pinyin
from crm_platform.models import Contact, Customer


def _matches(model, q):
    """The conditions under which a row of `model` (Customer or Contact) matches the search `q`."""
    conditions = [model.name.icontains(q, autoescape=True), model.phone.icontains(q, autoescape=True),
                  model.email.icontains(q, autoescape=True)]
    digits = query_digits(q)
    if digits:
        conditions.append(model.phone_digits.contains(digits, autoescape=True))
    if model is Customer:  # only customers have a mobile besides the phone
        conditions.append(model.mobile.icontains(q, autoescape=True))
        if digits:
            conditions.append(model.mobile_digits.contains(digits, autoescape=True))
    pinyin = query_pinyin(q)
    if pinyin:
        # Keys are stored in lower case, so a plain LIKE is case-insensitive on every database.
        conditions += [model.name_pinyin.contains(pinyin, autoescape=True),
                       model.name_initials.contains(pinyin, autoescape=True)]
    return conditions


def search_criterion(q):
    """A WHERE clause on Customer for the search box's `q`, contacts included."""
    q = q.strip()
    through_contacts = select(Contact.customer_id).where(or_(*_matches(Contact, q)))
    return or_(*_matches(Customer, q), Customer.id.in_(through_contacts))
