"""Return visits as users see and finish them: shared by the API, the pages, the panels and the Today section.

Its owner always sees a return visit; anyone else sees it through its
customer (the core's `customer_record_criterion`: executives all, managers
their unit's, reps their own and shared customers) or through its ticket (whoever
may see the ticket, tickets/visibility.py, sees its return visits). Its owner, or whoever may
manage the customer, records the outcome, once.
"""
from datetime import date

from flask import abort
from marshmallow import ValidationError
from sqlalchemy import or_, select, update
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import (
    Customer, User, can_manage_customer, can_see_customer, customer_record_criterion, db, gettext as _, keyset_page,
    log_customer_activity, utcnow, visible_customer_or_404,
)

from plugins.service_support.models import FollowUp, Ticket
from plugins.service_support.tickets.visibility import ticket_criterion
from plugins.service_support.timeline import record_event


def follow_up_criterion(user):
    """The WHERE clause selecting the return visits `user` may see: their own, or through the customer or ticket."""
    return or_(customer_record_criterion(user, FollowUp.customer_id, FollowUp.owner_id),
               FollowUp.ticket_id.in_(select(Ticket.id).where(ticket_criterion(user))))


def follow_up_or_404(user, follow_up_id):
    """The return visit if `user` may see it; otherwise the same 404 as a missing id or another workspace's."""
    follow_up = db.session.scalar(select(FollowUp).where(FollowUp.id == follow_up_id, follow_up_criterion(user)))
    if follow_up is None:
        abort(404)
    return follow_up


def follow_up_page(user, args):
    """A cursor page of the return visits `user` may see, soonest due first, filtered by `args`; (items, cursor)."""
    stmt = select(FollowUp).where(follow_up_criterion(user))
    if args.get("mine"):
        stmt = stmt.where(FollowUp.owner_id == user.id)
    status = args.get("status", "open")
    if status != "all":
        stmt = stmt.where(FollowUp.done_at.is_(None) if status == "open" else FollowUp.done_at.is_not(None))
    for key in ("owner_id", "customer_id", "ticket_id"):
        if args.get(key) is not None:
            stmt = stmt.where(getattr(FollowUp, key) == args[key])
    if args.get("due_to") is not None:
        stmt = stmt.where(FollowUp.due_date <= args["due_to"])
    return keyset_page(stmt, [FollowUp.due_date, FollowUp.id], False, args.get("cursor"), args["limit"],
                       types=[date, int])


def due_for(user, until, limit=100):
    """The user's own open return visits due on or before `until`, soonest first (the Today section)."""
    return db.session.scalars(
        select(FollowUp).where(FollowUp.owner_id == user.id, FollowUp.done_at.is_(None), FollowUp.due_date <= until)
        .order_by(FollowUp.due_date, FollowUp.created_at, FollowUp.id).limit(limit)).all()


def for_customer(user, customer_id, limit=20):
    """The customer's return visits `user` may see: open ones first (soonest due), then the latest done."""
    return db.session.scalars(
        select(FollowUp).where(FollowUp.customer_id == customer_id, follow_up_criterion(user))
        .order_by(FollowUp.done_at.is_not(None), FollowUp.due_date.desc(), FollowUp.id).limit(limit)).all()


def for_ticket(ticket_id):
    """Every return visit of a ticket (the ticket page shows them to whoever may see the ticket), oldest first."""
    return db.session.scalars(select(FollowUp).where(FollowUp.ticket_id == ticket_id)
                              .order_by(FollowUp.created_at, FollowUp.id)).all()


def names(user_ids):
    """{user id: name} of the given users."""
    ids = {user_id for user_id in user_ids if user_id is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def ticket_numbers(ticket_ids):
    """{ticket id: (number, subject)} of the given tickets."""
    ids = {ticket_id for ticket_id in ticket_ids if ticket_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(Ticket.id, Ticket.number, Ticket.subject).where(Ticket.id.in_(ids))).all()
    return {row.id: (row.number, row.subject) for row in rows}


def listing(follow_ups):
    """What a list of return visits shows besides them: {"owners", "tickets", "customers"} by id."""
    customer_ids = {follow_up.customer_id for follow_up in follow_ups}
    customers = dict(db.session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(customer_ids))).all()
                     if customer_ids else {})
    return {"owners": names(f.owner_id for f in follow_ups),
            "tickets": ticket_numbers(f.ticket_id for f in follow_ups), "customers": customers}


def may_record(user, follow_up):
    """Its owner, or whoever may manage its customer, records the outcome."""
    return follow_up.owner_id == user.id or can_manage_customer(user, follow_up.customer_id)


def may_log_activity(user, follow_up):
    """True when recording the outcome may also log a call or visit: `user` may see the customer."""
    return can_see_customer(user, follow_up.customer_id)


def record_outcome(user, follow_up, data):
    """Record how the return visit went (result, kind, text), once; with `log_activity`, on the customer's timeline.

    Committed. The activity goes through the core's service (its checks, the
    customer's last-contacted date) and is committed together with the outcome.
    """
    if not may_record(user, follow_up):
        raise Forbidden(_("You may see this return visit but not record its outcome."))
    if data.get("log_activity") and not may_log_activity(user, follow_up):
        raise ValidationError({"log_activity": [_("You may not log activities on this customer.")]})
    now = utcnow()
    # One outcome only: a second post (two tabs, a retry) finds it taken and changes nothing.
    taken = db.session.execute(
        update(FollowUp).where(FollowUp.id == follow_up.id, FollowUp.done_at.is_(None))
        .values(result=data["result"], outcome=data.get("outcome"), kind=data["kind"], done_at=now),
        execution_options={"synchronize_session": False}).rowcount
    if not taken:
        db.session.rollback()
        raise ValidationError({"result": [_("The outcome of this return visit is already recorded.")]})
    ticket = db.session.scalar(select(Ticket).where(Ticket.id == follow_up.ticket_id)) if follow_up.ticket_id else None
    if ticket is not None:
        record_event(ticket, "follow_up_done", actor_id=user.id, at=now, follow_up_id=follow_up.id,
                     result=data["result"], visit_kind=data["kind"])
    if data.get("log_activity"):
        customer = visible_customer_or_404(user, follow_up.customer_id)
        subject = _("Return visit: %(ticket)s", ticket=ticket.number) if ticket is not None else _("Return visit")
        log_customer_activity(user, customer, data["kind"], outcome=data.get("outcome"), subject=subject,
                              occurred_at=now)
    else:
        db.session.commit()
    db.session.refresh(follow_up)
    return follow_up


def move_to_customer(kept_id, merged_id):
    """Give a merged duplicate's return visits to the customer kept (in the merge's transaction, not committed)."""
    db.session.execute(update(FollowUp).where(FollowUp.customer_id == merged_id).values(customer_id=kept_id),
                       execution_options={"synchronize_session": False})
