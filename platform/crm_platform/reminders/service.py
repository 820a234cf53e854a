"""Changing reminders: marking one done, and handing open ones to a customer's new owner."""
from flask import abort
from sqlalchemy import update

from crm_platform.extensions import db
from crm_platform.models import Reminder
from crm_platform.models.base import utcnow
from crm_platform.reminders.queries import my_reminders


def mark_done(user, reminder_id):
    """Mark one of `user`'s reminders done (again: no change); anyone else's is the 404 of a missing one."""
    reminder = db.session.scalar(my_reminders(user).where(Reminder.id == reminder_id))
    if reminder is None:
        abort(404)
    if reminder.done_at is None:
        reminder.done_at, reminder.done_by = utcnow(), user.id
        db.session.commit()
    return reminder


def move_open_reminders(customer):
    """Give `customer`'s open reminders to its current owner, in the caller's transaction (done ones keep theirs)."""
    db.session.execute(update(Reminder).where(Reminder.customer_id == customer.id, Reminder.done_at.is_(None))
                       .values(user_id=customer.owner_id))
