"""Customers' external numbers (their number in an ERP): what imported purchases find their customer by first.

A number is unique in the workspace and a customer has at most one. Who may
see the customer reads it; who may manage the customer sets or removes it.
"""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict, Forbidden

from crm_platform.sdk import Customer, can_manage_customer, can_see_customer, db, gettext as _

from plugins.customer_insights.models import CustomerNumber


def number_of(customer_id):
    """The customer's external number, or None."""
    return db.session.scalar(select(CustomerNumber.number).where(CustomerNumber.customer_id == customer_id))


def set_number(user, customer, number):
    """Give `customer` (visible to `user`) the external `number` (validated); commits and returns it.

    403 unless `user` may manage the customer. A number another customer holds
    is a 409 that names the holder only when `user` may see it.
    """
    if not can_manage_customer(user, customer.id):
        raise Forbidden(_("Only who may change this customer may set its number."))
    holder = db.session.scalar(select(CustomerNumber).where(CustomerNumber.number == number))
    if holder is not None and holder.customer_id != customer.id:
        if can_see_customer(user, holder.customer_id):
            name = db.session.scalar(select(Customer.name).where(Customer.id == holder.customer_id))
            raise Conflict(_("The number %(number)s belongs to %(name)s already.", number=number, name=name))
        raise Conflict(_("The number %(number)s belongs to another customer already.", number=number))
    row = db.session.scalar(select(CustomerNumber).where(CustomerNumber.customer_id == customer.id))
    if row is None:
        db.session.add(CustomerNumber(customer_id=customer.id, number=number))
    else:
        row.number = number
    try:
        db.session.commit()
    except IntegrityError:  # another request gave the number away between our check and our write
        db.session.rollback()
        raise Conflict(_("The number %(number)s belongs to another customer already.", number=number)) from None
    return number


def remove_number(user, customer):
    """Take `customer`'s external number away (403 unless `user` may manage it); commits. None to remove is fine."""
    if not can_manage_customer(user, customer.id):
        raise Forbidden(_("Only who may change this customer may remove its number."))
    row = db.session.scalar(select(CustomerNumber).where(CustomerNumber.customer_id == customer.id))
    if row is not None:
        db.session.delete(row)  # through the session, so the audit trail records it
    db.session.commit()


def move_number(kept_id, merged_id):
    """On a merge, the duplicate's number goes to the customer kept, unless that one has its own (then it is dropped)."""
    row = db.session.scalar(select(CustomerNumber).where(CustomerNumber.customer_id == merged_id))
    if row is None:
        return
    if number_of(kept_id) is not None:
        db.session.delete(row)
    else:
        row.customer_id = kept_id
    db.session.flush()
