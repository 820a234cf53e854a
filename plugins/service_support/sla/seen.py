"""Which tickets a user may see, for the SLA pages, API and figures (the tickets feature's visibility rule).

A ticket is visible to whoever may see its customer, to its assignee, and to the
members of its team's unit (docs/service.md, "Tickets"); another workspace's
ticket and an invisible one are the same 404 as a missing one.
"""
from flask import abort
from sqlalchemy import and_, or_, select

from crm_platform.sdk import customer_record_criterion, db

from plugins.service_support.models import Ticket


def seen_tickets(user):
    """The WHERE clause of the tickets `user` may see."""
    return or_(customer_record_criterion(user, Ticket.customer_id, Ticket.assignee_id),
               and_(Ticket.team_unit_id.is_not(None), Ticket.team_unit_id == user.org_unit_id))


def seen_ticket_or_404(user, ticket_id):
    """Ticket `ticket_id` when `user` may see it, else a 404."""
    ticket = db.session.scalar(select(Ticket).where(Ticket.id == ticket_id, seen_tickets(user)))
    if ticket is None:
        abort(404)
    return ticket
