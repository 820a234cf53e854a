"""Notes as a user may see and change them: shared by the API, the pages, the panel and the event reaction.

A note inherits its customer's visibility. Every query joins the customer and
filters with the core's visibility policy, so the notes of a customer the user
may not see are as missing as notes that do not exist (a 404).
"""
from datetime import datetime

from flask import abort
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import (
    Customer, customer_criterion, db, gettext as _, has_permission, keyset_page, plugin_settings,
    visible_customer_or_404,
)

from crm_feedback.models import FeedbackNote

PLUGIN = "crm_feedback"
REVIEW = "feedback.review"
PANEL_NOTES = 5


def settings():
    """The current tenant's settings of this plugin, defaults filled in."""
    return plugin_settings(PLUGIN)


def visible_notes(user):
    """A SELECT of the notes on customers `user` may see, with authors and customers loaded."""
    return (select(FeedbackNote).join(Customer, Customer.id == FeedbackNote.customer_id)
            .where(customer_criterion(user))
            .options(selectinload(FeedbackNote.author), selectinload(FeedbackNote.customer)))


def note_page(user, args):
    """A cursor page of the notes `user` may see, newest first; (notes, next_cursor).

    Filtering by a customer the user may not see is a 404, as for a missing one.
    """
    stmt = visible_notes(user)
    if args.get("customer_id") is not None:
        stmt = stmt.where(FeedbackNote.customer_id == visible_customer_or_404(user, args["customer_id"]).id)
    # Ids are random (TenantScoped): creation time orders, the id breaks ties.
    return keyset_page(stmt, [FeedbackNote.created_at, FeedbackNote.id], True, args.get("cursor"), args["limit"],
                       types=[datetime, int])


def visible_note_or_404(user, note_id):
    """The note if `user` may see its customer; otherwise the same 404 as a missing id."""
    note = db.session.scalar(visible_notes(user).where(FeedbackNote.id == note_id))
    if note is None:
        abort(404)
    return note


def add_note(user, customer, data):
    """Write `user`'s note on `customer` (one they may see) from validated `data`."""
    note = FeedbackNote(customer_id=customer.id, author_id=user.id, rating=data["rating"], text=data["text"])
    db.session.add(note)
    db.session.commit()
    return note


def may_delete(user, note):
    """Authors may take back their own notes; feedback reviewers may remove any they can see."""
    return note.author_id == user.id or has_permission(user, REVIEW)


def delete_note(user, note):
    """Delete `note` (one `user` may see), or refuse with 403."""
    if not may_delete(user, note):
        raise Forbidden(_("Only the note's author or a feedback reviewer may delete it."))
    db.session.delete(note)
    db.session.commit()


def customer_summary(customer_id):
    """The latest notes of a customer and its (note count, average rating or None)."""
    count, average = db.session.execute(
        select(func.count(FeedbackNote.id), func.avg(FeedbackNote.rating))
        .where(FeedbackNote.customer_id == customer_id)).one()
    latest = db.session.scalars(
        select(FeedbackNote).where(FeedbackNote.customer_id == customer_id)
        .options(selectinload(FeedbackNote.author))
        .order_by(FeedbackNote.created_at.desc(), FeedbackNote.id.desc()).limit(PANEL_NOTES)).all()
    return latest, count, None if average is None else float(average)


def add_welcome_note(customer):
    """Give a new customer the tenant's welcome note, if it has one (the caller commits)."""
    text = settings()["welcome_note"]
    if text:
        db.session.add(FeedbackNote(customer_id=customer.id, text=text))


def move_notes(from_customer_id, to_customer_id):
    """Give one customer's notes to another, in the caller's transaction (a merge of duplicates)."""
    db.session.execute(update(FeedbackNote).where(FeedbackNote.customer_id == from_customer_id)
                       .values(customer_id=to_customer_id), execution_options={"synchronize_session": False})
