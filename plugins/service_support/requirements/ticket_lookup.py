"""The ticket a requirement vote or a dispatch starts from, seen through the tickets' visibility rule.

A stand-in with the name and signature of `tickets.service.ticket_or_404`, which
the tickets feature provides (SERVICE.md): once that is on main, import it
instead and delete this module.
"""
from flask import abort
from sqlalchemy import literal, or_, select

from crm_platform.sdk import customer_record_criterion, db, unit_subtree_ids

from plugins.service_support.models import Ticket


def ticket_or_404(user, ticket_id):
    """The ticket if `user` may see it (its customer, its assignee, its team's unit); else the missing id's 404."""
    criterion = customer_record_criterion(user, Ticket.customer_id, Ticket.assignee_id)
    if user.org_unit_id is not None:
        criterion = or_(criterion, literal(user.org_unit_id).in_(unit_subtree_ids(Ticket.team_unit_id)))
    ticket = db.session.scalar(select(Ticket).where(Ticket.id == ticket_id, criterion))
    if ticket is None:
        abort(404)
    return ticket
