"""Writing customers and what hangs off them; shared by the API and the pages.

Field problems raise marshmallow's ValidationError (shown next to the field);
missing permissions raise Forbidden. Nothing is committed until the whole change
is known to be valid, so a refused request writes nothing.

Callers look customers up through the "see" level of the visibility policy (a
404 otherwise); writes that change the customer, its contacts or its shares
also need the "manage" level (`require_manage`, a 403: the user knows the
customer exists). Logging a contact record needs only "see".
"""
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import or_, select, update
from werkzeug.exceptions import Conflict, Forbidden

from crm_platform.custom_fields import values as custom_values
from crm_platform.customers.duplicate_check import check_credit_code_free
from crm_platform.extensions import db
from crm_platform.customers.schemas import activity_time_errors
from crm_platform.models import Activity, Contact, Customer, CustomerShare, User
from crm_platform.models.base import utcnow
from crm_platform.modules.events import emit, objections
from crm_platform.regions.location import LOCATION_FIELDS, settle_location
from crm_platform.reminders.service import move_open_reminders
from crm_platform.roles import get_role, has_permission, require_permission
from crm_platform.visibility import can_manage_customer, users_in_unit_subtree

_CUSTOMER_FIELDS = ("name", "kind", "region", "status", "level", "phone", "email", "credit_code", "address", "notes",
                    "care_date",
                    "industry", "source", "mobile", "wechat", "website", *LOCATION_FIELDS)


def active_user(user_id, field="user_id"):
    """The active user `user_id` of this tenant, or a field error."""
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active:
        raise ValidationError({field: [_("No active user with this id.")]})
    return user


def assignable_users_query(actor):
    """A SELECT of the active users `actor` may make owners of customers.

    Everyone may assign to themselves; with customers.reassign an all-scope role
    may assign to anyone, and a unit-scope role to users in its unit subtree.
    """
    stmt = select(User).where(User.active.is_(True))
    if not has_permission(actor, "customers.reassign"):
        return stmt.where(User.id == actor.id)
    if get_role(actor.role).scope == "all":
        return stmt
    if actor.org_unit_id is None:
        return stmt.where(User.id == actor.id)
    return stmt.where(or_(User.id == actor.id, User.id.in_(users_in_unit_subtree(actor.org_unit_id))))


def may_assign_to(actor, owner):
    """True when `actor` may make `owner` the owner of a customer."""
    return db.session.scalar(assignable_users_query(actor).where(User.id == owner.id)) is not None


def _check_owner(actor, owner_id):
    owner = active_user(owner_id, "owner_id")
    if not may_assign_to(actor, owner):
        raise ValidationError({"owner_id": [_("You may not assign customers to this user.")]})
    return owner


def new_customer_fields(actor, data):
    """The column values a new customer takes from validated `data`: its location settled, the owner defaulting to `actor`.

    The caller has checked the owner (create_customer here, an import once per
    owner email), so that a thousand rows do not cost a thousand owner checks.
    """
    settle_location(data)
    return {"owner_id": data.get("owner_id") or actor.id, **{key: data[key] for key in _CUSTOMER_FIELDS if key in data}}


def new_customer(actor, data):
    """A Customer from validated `data` (new_customer_fields), added to the session but not committed."""
    customer = Customer(**new_customer_fields(actor, data))
    customer.tags = data.get("tags") or []
    db.session.add(customer)
    # Written by stage_customer once the customer has an id.
    custom_values.stage(customer, custom_values.complete("customer", data.get("custom_fields") or {}))
    return customer


def stage_customer(actor, data):
    """A customer from validated `data`, checked, flushed and with its custom values, not committed."""
    _check_owner(actor, data.get("owner_id") or actor.id)
    check_credit_code_free(data)
    customer = new_customer(actor, data)
    db.session.flush()
    custom_values.write_staged("customer", customer)
    return customer


def create_customer(actor, data):
    """Create a customer from validated `data`; the owner defaults to `actor`."""
    customer = stage_customer(actor, data)
    db.session.commit()
    emit("crm_customer_created", customer=customer)
    return customer


def apply_customer_changes(actor, customer, data):
    """Set validated, partial `data` on `customer` without committing; returns {field: [old, new]} of what changed.

    A changed owner goes through the reassign rules and takes the customer's
    open reminders along. update_customer and imports both change customers
    through this, so the two cannot drift apart.
    """
    if "name" in data and not data["name"]:
        raise ValidationError({"name": [_("A customer needs a name.")]})
    if data.get("credit_code") and customer.id is not None:
        check_credit_code_free(data, exclude_id=customer.id)
    settle_location(data, customer)
    before = _event_values(customer)
    if "owner_id" in data and data["owner_id"] != customer.owner_id:
        require_permission(actor, "customers.reassign")
        customer.owner_id = _check_owner(actor, data["owner_id"]).id
        customer.assigned_at = utcnow()  # the pool's "not signed within M days" counts from here
        customer.pooled_at = customer.pool_unit_id = None  # an owner takes it out of the pool (pool/)
    for key in _CUSTOMER_FIELDS:
        if key in data:
            setattr(customer, key, data[key])
    if "tags" in data:
        customer.tags = data["tags"] or []
    custom_changes = custom_values.write_changes("customer", customer, data.get("custom_fields") or {})
    if customer.owner_id != before["owner_id"]:
        move_open_reminders(customer)  # the new owner takes over the customer's care dates
        _move_planned_activities(customer, before["owner_id"])
    after = _event_values(customer)
    return {**{key: [before[key], after[key]] for key in after if before[key] != after[key]}, **custom_changes}



def _move_planned_activities(customer, old_owner_id):
    """Give the old owner's planned activities on `customer` to its new owner, in the caller's transaction.

    They are work still to do, so they follow the customer; logged records keep
    their author (a dated next step on one stays with whoever logged it).
    """
    db.session.execute(update(Activity).where(Activity.customer_id == customer.id, Activity.status == "planned",
                                              Activity.user_id == old_owner_id).values(user_id=customer.owner_id),
                       execution_options={"synchronize_session": "fetch"})


def update_customer(actor, customer, data):
    """Apply a partial update; a changed owner goes through the reassign rules."""
    require_manage(actor, customer)
    changes = apply_customer_changes(actor, customer, data)
    db.session.commit()
    if changes:
        emit("crm_customer_updated", customer=customer, changes=changes)
    if "owner_id" in changes:
        old, new = changes["owner_id"]
        emit("crm_customer_owner_changed", customer=customer, old_owner_id=old, new_owner_id=new)
    return customer


def _event_values(customer):
    """The fields plugins hear about in update and delete events."""
    values = {key: getattr(customer, key) for key in (*_CUSTOMER_FIELDS, "owner_id")}
    values["tags"] = customer.tags
    return values


def reassign_customer(actor, customer, owner_id):
    """Give `customer` to another owner."""
    return update_customer(actor, customer, {"owner_id": owner_id})


def delete_customer(actor, customer):
    """Delete a customer with its contacts, contact records, tags and shares."""
    require_permission(actor, "customers.delete")
    require_manage(actor, customer)
    refuse_if_modules_keep(customer)
    customer_id, snapshot = customer.id, _event_values(customer)
    custom_values.delete_customer_values(customer)
    db.session.delete(customer)
    db.session.commit()
    emit("crm_customer_deleted", customer_id=customer_id, snapshot=snapshot)


def refuse_if_modules_keep(customer):
    """Refuse (409) to delete a customer whose records a module must keep (e.g. contracts with payments)."""
    reasons = objections("crm_customer_delete_blockers", customer=customer)
    if reasons:
        raise Conflict(_("%(name)s cannot be deleted: %(reasons)s", name=customer.name, reasons=" ".join(reasons)))


def require_manage(actor, customer):
    """Refuse (403) unless `actor` may manage `customer`, not merely see it (e.g. through a share)."""
    if not can_manage_customer(actor, customer.id):
        raise Forbidden(_("You may see this customer but not change it."))


def _require_activity_editor(actor, customer, activity):
    """Its author, or a role that may delete customers and may manage `customer`, may change `activity`."""
    if activity.user_id != actor.id:
        require_permission(actor, "customers.delete")
        require_manage(actor, customer)


def save_contact(actor, customer, data, contact=None):
    """Create a contact at `customer`, or update `contact` with `data`."""
    contact = stage_contact(actor, customer, data, contact)
    db.session.commit()
    return contact


def stage_contact(actor, customer, data, contact=None):
    """Create or update a contact at `customer` like save_contact, flushed but not committed."""
    require_manage(actor, customer)
    data = dict(data)
    cleaned = data.pop("custom_fields", None) or {}
    if contact is None:
        cleaned = custom_values.complete("contact", cleaned)
    contact = contact or Contact(customer_id=customer.id)
    for key, value in data.items():
        setattr(contact, key, value)
    db.session.add(contact)
    db.session.flush()
    custom_values.write_changes("contact", contact, cleaned)
    return contact


def delete_contact(actor, customer, contact):
    """Delete a contact of `customer`."""
    require_manage(actor, customer)
    custom_values.delete_record_values("contact", [contact.id])
    # Activities keep their record of the meeting, without the person.
    db.session.execute(update(Activity).where(Activity.contact_id == contact.id).values(contact_id=None),
                       execution_options={"synchronize_session": "fetch"})
    db.session.delete(contact)
    db.session.commit()


def _check_contact(customer, contact_id):
    """Refuse (a field error) a contact that is not one of `customer`'s."""
    if contact_id is None:
        return
    found = db.session.scalar(select(Contact.id).where(Contact.id == contact_id, Contact.customer_id == customer.id))
    if found is None:
        raise ValidationError({"contact_id": [_("Choose one of this customer's contacts.")]})


def log_activity(actor, customer, data, activity=None):
    """Record a call, visit, email or meeting on `customer`'s timeline, done or planned (or edit one).

    Anyone who may see the customer logs one (shares are for collaborating).
    The contact, if named, must be one of the customer's.
    """
    if customer.pooled_at is not None:
        require_manage(actor, customer)  # pool members may look at a pooled customer, not work on it
    if activity is None:
        activity = Activity(customer_id=customer.id, user_id=actor.id)
    else:
        _require_activity_editor(actor, customer, activity)
    _check_contact(customer, data.get("contact_id"))
    if activity.status == "done" and data.get("status") == "planned" and activity.id is not None:
        raise ValidationError({"status": [_("A logged activity cannot be planned again; plan a new one.")]})
    for key, value in data.items():
        setattr(activity, key, value)
    if activity.status == "planned":
        activity.occurred_at = None  # it has not happened yet
    errors = activity_time_errors(activity.status, activity.occurred_at, activity.due_at, activity.next_step,
                                  activity.next_step_due_at)
    if errors:
        raise ValidationError(errors)
    db.session.add(activity)
    db.session.commit()
    return activity


def complete_follow_up(actor, customer, activity, data):
    """Complete a follow-up: a planned activity is logged (now, or at `occurred_at`); a dated next step is closed.

    Its author completes it, or a role that may delete customers and manage
    this one; completing one already complete changes nothing.
    """
    _require_activity_editor(actor, customer, activity)
    if activity.status == "planned":
        activity.status = "done"
        activity.occurred_at = data.get("occurred_at") or utcnow()
        if data.get("outcome"):
            activity.outcome = data["outcome"]
    elif activity.next_step_due_at is not None and activity.next_step_done_at is None:
        activity.next_step_done_at = utcnow()
    db.session.commit()
    return activity


def delete_activity(actor, customer, activity):
    """Delete a contact record of `customer`: its author, or a role that may delete customers and manage it."""
    _require_activity_editor(actor, customer, activity)
    db.session.delete(activity)
    db.session.commit()


def share_customer(actor, customer, user_id):
    """Let `user_id` see `customer`: who may manage it, as its owner or with a role that may reassign."""
    require_manage(actor, customer)
    if customer.owner_id != actor.id:
        require_permission(actor, "customers.reassign")
    user = active_user(user_id)
    existing = db.session.scalar(select(CustomerShare).where(
        CustomerShare.customer_id == customer.id, CustomerShare.user_id == user.id))
    if existing:
        return existing
    share = CustomerShare(customer_id=customer.id, user_id=user.id)
    db.session.add(share)
    db.session.commit()
    return share


def require_share_rights(actor, customer):
    """Refuse (403) unless `actor` may share `customer`: who manages it, as its owner or with a role that may reassign."""
    require_manage(actor, customer)
    if customer.owner_id != actor.id:
        require_permission(actor, "customers.reassign")


def unshare_customer(actor, customer, share):
    """Withdraw a share (the same people as `share_customer`)."""
    require_share_rights(actor, customer)
    db.session.delete(share)
    db.session.commit()
