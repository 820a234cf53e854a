"""Tickets as users make, change and list them; the visibility rule and the workflow live beside this module.

Whoever may see a ticket (visibility.py) may work it: reply, note, change its
fields and move its status. Its customer must be one the maker may see; its
contact one of that customer's; its assignee an active user; its team an org unit.
"""
from datetime import datetime

from marshmallow import ValidationError
from sqlalchemy import and_, case, false, func, or_, select, update

from crm_platform.sdk import (
    Contact, OrgUnit, User, can_see_customer, db, document_number, gettext as _, keyset_page, role_scope,
    unit_subtree_ids, utcnow,
)

from plugins.service_support import events
from plugins.service_support.models import Ticket
from plugins.service_support.settings import settings
from plugins.service_support.tickets.visibility import ticket_criterion, ticket_or_404, visible_tickets
from plugins.service_support.tickets.workflow import OPEN_STATUSES, change_status
from plugins.service_support.timeline import record_event

__all__ = ["change_status", "create_ticket", "ticket_criterion", "ticket_or_404", "ticket_page", "update_ticket",
           "visible_tickets"]

NUMBER_KIND = "service_ticket"
"""The per-workspace sequence of ticket numbers (one a year)."""
ANNOUNCED = ("priority", "category", "assignee_id", "team_unit_id", "customer_id", "contact_id")
"""The fields whose change is sent as `ticket_changed` and recorded on the timeline."""
EDITABLE = ANNOUNCED[:-2] + ("contact_id", "subject", "description", "channel")
VIEWS = ("mine", "team", "all", "unassigned")
SORTS = ("newest", "response_due", "resolution_due")
SORT_COLUMNS = {"response_due": Ticket.first_response_due_at, "resolution_due": Ticket.resolution_due_at}


def active_user_or_error(user_id, field="assignee_id"):
    """The active user `user_id` of the workspace, else a ValidationError on `field`."""
    found = db.session.scalar(select(User).where(User.id == user_id, User.active.is_(True)))
    if found is None:
        raise ValidationError({field: [_("Choose an active user of the workspace.")]})
    return found


def unit_or_error(unit_id):
    """The workspace's org unit `unit_id`, else a ValidationError on `team_unit_id`."""
    found = db.session.scalar(select(OrgUnit).where(OrgUnit.id == unit_id))
    if found is None:
        raise ValidationError({"team_unit_id": [_("Choose a team of the workspace.")]})
    return found


def contact_or_error(customer_id, contact_id):
    """The contact `contact_id` of customer `customer_id`, else a ValidationError on `contact_id`."""
    found = db.session.scalar(select(Contact).where(Contact.id == contact_id, Contact.customer_id == customer_id))
    if found is None:
        raise ValidationError({"contact_id": [_("Choose a contact of the ticket's customer.")]})
    return found


def check_references(ticket_customer_id, data):
    """Refuse (ValidationError) a contact, assignee or team in `data` that does not fit."""
    if data.get("contact_id") is not None:
        contact_or_error(ticket_customer_id, data["contact_id"])
    if data.get("assignee_id") is not None:
        active_user_or_error(data["assignee_id"])
    if data.get("team_unit_id") is not None:
        unit_or_error(data["team_unit_id"])


def create_ticket(actor, data, now=None):
    """A new ticket by `actor` from validated `data`, numbered `<prefix>-<year>-<0001>`; signal sent. Committed.

    The customer must be one `actor` may see; an unassigned ticket without a team
    stays in the "Unassigned" queue.
    """
    if not can_see_customer(actor, data["customer_id"]):
        raise ValidationError({"customer_id": [_("There is no such customer, or you may not see it.")]})
    check_references(data["customer_id"], data)
    now = now or utcnow()
    ticket = Ticket(number=document_number(NUMBER_KIND, settings()["ticket_prefix"]), customer_id=data["customer_id"],
                    contact_id=data.get("contact_id"), channel=data["channel"], category=data["category"],
                    priority=data.get("priority") or "normal", subject=data["subject"],
                    description=data.get("description"), status="new", assignee_id=data.get("assignee_id"),
                    team_unit_id=data.get("team_unit_id"), created_by_id=actor.id, created_at=now, updated_at=now)
    db.session.add(ticket)
    db.session.flush()
    record_event(ticket, "created", actor_id=actor.id, at=now, number=ticket.number)
    events.ticket_created.send(ticket, actor=actor, at=now)
    db.session.commit()
    return ticket


def update_ticket(actor, ticket, data, now=None):
    """Change `ticket`'s fields from `data` (those in EDITABLE); timeline and `ticket_changed` for ANNOUNCED. Committed."""
    check_references(ticket.customer_id, data)
    now = now or utcnow()
    changes = {}
    for key in EDITABLE:
        if key in data and getattr(ticket, key) != data[key]:
            if key in ("subject", "channel") and data[key] is None:
                continue
            if key in ANNOUNCED:
                changes[key] = (getattr(ticket, key), data[key])
            setattr(ticket, key, data[key])
    if changes:
        record_event(ticket, "changed", actor_id=actor.id, at=now,
                     changes={key: list(values) for key, values in changes.items()})
        events.ticket_changed.send(ticket, actor=actor, at=now, changes=changes)
    db.session.commit()
    return ticket


def led_units(user):
    """A WHERE clause on Ticket.team_unit_id: the user's own unit, and the units below it for a manager."""
    if user.org_unit_id is None:
        return None
    if role_scope(user) in ("unit", "all"):
        return Ticket.team_unit_id.in_(unit_subtree_ids(user.org_unit_id))
    return Ticket.team_unit_id == user.org_unit_id


def queue_filter(user, view):
    """The WHERE clause of a queue view: mine, my team's unassigned ones, all I can see, or unassigned."""
    if view == "mine":
        return Ticket.assignee_id == user.id
    if view == "team":
        units = led_units(user)
        return and_(Ticket.assignee_id.is_(None), units) if units is not None else false()
    if view == "unassigned":
        return Ticket.assignee_id.is_(None)
    return None


def search_filter(text):
    """Tickets whose number or subject contains `text` (case-insensitive)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(Ticket.number.ilike(pattern, escape="\\"), Ticket.subject.ilike(pattern, escape="\\"))


def filtered(user, args, *columns):
    """The SELECT of the tickets `user` may see (or of their `columns`), narrowed by the list's view and filters."""
    stmt = visible_tickets(user, *columns)
    view_clause = queue_filter(user, args.get("view", "all"))
    if view_clause is not None:
        stmt = stmt.where(view_clause)
    status = args.get("status")
    if status == "active":
        stmt = stmt.where(Ticket.status.in_(OPEN_STATUSES))
    elif status and status != "any":
        stmt = stmt.where(Ticket.status == status)
    for key in ("category", "priority", "channel", "assignee_id", "team_unit_id", "customer_id"):
        if args.get(key) is not None:
            stmt = stmt.where(getattr(Ticket, key) == args[key])
    if args.get("q"):
        stmt = stmt.where(search_filter(args["q"]))
    return stmt


def list_order(args):
    """The list's keyset order for `args`: (sort columns, descending, first column nullable).

    Newest first, or the soonest SLA due first (tickets without that due time last).
    """
    sort = args.get("sort", "newest")
    if sort in SORT_COLUMNS:
        return [SORT_COLUMNS[sort], Ticket.id], False, True
    return [Ticket.created_at, Ticket.id], True, False


def ticket_page(user, args):
    """A cursor page of the tickets `user` may see, filtered by `args`: newest first or soonest SLA due; (tickets, cursor)."""
    keys, descending, nullable = list_order(args)
    return keyset_page(filtered(user, args), keys, descending, args.get("cursor"), args["limit"],
                       types=[datetime, int], nullable=nullable)


def customer_tickets(user, customer_id, limit=20):
    """The customer's tickets `user` may see: open ones first, then the newest."""
    still_open = Ticket.status.in_(OPEN_STATUSES)
    return db.session.scalars(
        visible_tickets(user).where(Ticket.customer_id == customer_id)
        .order_by(still_open.desc(), Ticket.created_at.desc(), Ticket.id.desc()).limit(limit)).all()


def move_to_customer(kept_id, merged_id):
    """Give a merged duplicate's tickets to the customer kept (in the merge's transaction, not committed)."""
    db.session.execute(update(Ticket).where(Ticket.customer_id == merged_id).values(customer_id=kept_id),
                       execution_options={"synchronize_session": False})


def open_complaints():
    """{customer id: number of its complaint tickets still open (new, open or pending)} of the whole workspace.

    Every customer counts, whoever may see it: the answer feeds workspace-wide
    figures (the insights module's pyramid), which filter by visibility themselves.
    """
    rows = db.session.execute(select(Ticket.customer_id, func.count()).where(
        Ticket.category == "complaint", Ticket.status.in_(OPEN_STATUSES)).group_by(Ticket.customer_id))
    return {customer_id: count for customer_id, count in rows}


def sla_due():
    """The SQL time a ticket's running SLA clock is due: the first response until it is given, then the resolution."""
    return case((Ticket.first_response_at.is_(None),
                 func.coalesce(Ticket.first_response_due_at, Ticket.resolution_due_at)),
                else_=Ticket.resolution_due_at)


def sla_breached():
    """The WHERE clause of tickets whose running SLA clock is breached (an answered first response no longer counts)."""
    return or_(and_(Ticket.first_response_at.is_(None), Ticket.first_response_breached_at.is_not(None)),
               Ticket.resolution_breached_at.is_not(None))


def my_open_tickets(user, limit):
    """([(ticket, due, breached)], count): `user`'s open tickets, breached first, then soonest SLA due, then oldest."""
    mine = and_(Ticket.assignee_id == user.id, Ticket.status.in_(OPEN_STATUSES))
    due, breached = sla_due(), sla_breached()
    rows = db.session.execute(
        select(Ticket, due, case((breached, True), else_=False))
        .where(mine).order_by(case((breached, 0), else_=1), due.is_(None), due, Ticket.created_at, Ticket.id)
        .limit(limit)).all()
    return [tuple(row) for row in rows], db.session.scalar(select(func.count(Ticket.id)).where(mine))
