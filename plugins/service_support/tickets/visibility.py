"""Who may see a ticket: the one rule every list, page, API route and download of the tickets feature uses.

A user sees a ticket when any of these holds (GUIDE.md section 4):
- they may see its customer (the core's `customer_record_criterion`: all for
  executives and admins, their unit subtree's for managers, their own and
  shared ones for reps);
- they are its assignee (seeing the ticket never widens their customer list);
- the ticket is queued for a team (`team_unit_id`) and they are a member of
  that unit, or, with a unit-scope role (a manager), the unit lies in the subtree
  they lead.
Another workspace's ticket, an invisible one and a missing id are the same 404.
"""
from flask import abort
from sqlalchemy import false, or_, select

from crm_platform.sdk import customer_record_criterion, db, role_scope, unit_subtree_ids

from plugins.service_support.models import Ticket


def team_criterion(user):
    """The WHERE clause of tickets queued for a unit `user` belongs to or, as a manager, leads."""
    if user.org_unit_id is None:
        return false()
    if role_scope(user) == "unit":
        return Ticket.team_unit_id.in_(unit_subtree_ids(user.org_unit_id))
    return Ticket.team_unit_id == user.org_unit_id


def ticket_criterion(user):
    """The WHERE clause selecting the tickets `user` may see (the rule in the module docstring)."""
    return or_(customer_record_criterion(user, Ticket.customer_id, Ticket.assignee_id), team_criterion(user))


def visible_tickets(user, *columns):
    """A SELECT of the tickets `user` may see (whole, or only `columns`), to filter and order further."""
    return select(*(columns or [Ticket])).where(ticket_criterion(user))


def ticket_or_404(user, ticket_id):
    """The ticket if `user` may see it; otherwise the same 404 as a missing id or another workspace's."""
    ticket = db.session.scalar(visible_tickets(user).where(Ticket.id == ticket_id))
    if ticket is None:
        abort(404)
    return ticket
