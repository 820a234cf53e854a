"""A customer's preferred and excluded people: read with the customer, changed by who manages it or dispatches.

An excluded person is a hard rule of the dispatch policy (never assigned the
customer's tasks); a preferred one a soft factor. One row per customer and person.
"""
from flask import abort
from marshmallow import ValidationError
from sqlalchemy import delete, select, update
from werkzeug.exceptions import Conflict, Forbidden

from crm_platform.sdk import User, can_manage_customer, db, gettext as _, has_permission

from plugins.task_dispatch.models import CustomerPerson
from plugins.task_dispatch.permissions import DISPATCH


def people_of(customer_id):
    """[(CustomerPerson, user name)] of the customer: preferred first, then excluded, by name."""
    return db.session.execute(
        select(CustomerPerson, User.name).join(User, User.id == CustomerPerson.user_id)
        .where(CustomerPerson.customer_id == customer_id)
        .order_by(CustomerPerson.relation.desc(), User.name, CustomerPerson.id)).all()


def may_change(user, customer_id):
    """Whether `user` may change the customer's preferred and excluded people."""
    return has_permission(user, DISPATCH) or can_manage_customer(user, customer_id)


def require_change(user, customer_id):
    """Refuse (403) unless `user` may change the customer's people."""
    if not may_change(user, customer_id):
        raise Forbidden(_("Only who manages the customer, or dispatches work, may change its people."))


def person_or_404(customer, person_id):
    """The row `person_id` of `customer`; otherwise the 404 of a missing id."""
    found = db.session.scalar(select(CustomerPerson).where(CustomerPerson.id == person_id,
                                                           CustomerPerson.customer_id == customer.id))
    if found is None:
        abort(404)
    return found


def add_person(actor, customer, data):
    """Name a preferred or excluded person for `customer`; committed. A person already named is a 409."""
    require_change(actor, customer.id)
    person = db.session.scalar(select(User).where(User.id == data["user_id"], User.active.is_(True)))
    if person is None:
        raise ValidationError({"user_id": [_("Choose an active user of the workspace.")]})
    taken = select(CustomerPerson.id).where(CustomerPerson.customer_id == customer.id,
                                            CustomerPerson.user_id == person.id)
    if db.session.scalar(taken) is not None:
        raise Conflict(_("%(name)s is already named for this customer.", name=person.name))
    row = CustomerPerson(customer_id=customer.id, user_id=person.id, relation=data["relation"],
                         note=data.get("note"))
    db.session.add(row)
    db.session.commit()
    return row


def change_person(actor, customer, row, data):
    """Change whether the person is preferred or excluded, or the note; committed."""
    require_change(actor, customer.id)
    if data.get("relation") is not None:
        row.relation = data["relation"]
    if "note" in data:
        row.note = data["note"]
    db.session.commit()
    return row


def remove_person(actor, customer, row):
    """Take the person off the customer's list; committed."""
    require_change(actor, customer.id)
    db.session.delete(row)
    db.session.commit()


def move_people(kept_id, merged_id):
    """Give a merged duplicate's people to the customer kept; the kept customer's own rows win (not committed)."""
    kept_people = select(CustomerPerson.user_id).where(CustomerPerson.customer_id == kept_id)
    db.session.execute(delete(CustomerPerson).where(CustomerPerson.customer_id == merged_id,
                                                    CustomerPerson.user_id.in_(kept_people)),
                       execution_options={"synchronize_session": False})
    db.session.execute(update(CustomerPerson).where(CustomerPerson.customer_id == merged_id)
                       .values(customer_id=kept_id), execution_options={"synchronize_session": False})


def name_of(user_id):
    """A workspace user's name."""
    return db.session.scalar(select(User.name).where(User.id == user_id))
