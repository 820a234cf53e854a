"""Helpers of the return visit and survey tests: resolving a ticket as the tickets feature will, reading rows."""
from sqlalchemy import select

from crm_platform.sdk import User

from plugins.service_support import events
from plugins.service_support.models import FollowUp, Survey, Ticket


def set_status(tenant_session, world, ticket_id, new, at, actor="rep_n1", tenant="acme"):
    """Move a ticket to `new` at `at` and send `ticket_status_changed` as the tickets feature does; committed."""
    with tenant_session(tenant, world[tenant].users[actor].id) as session:
        ticket = session.scalar(select(Ticket).where(Ticket.id == ticket_id))
        old, ticket.status = ticket.status, new
        if new == "resolved":
            ticket.resolved_at = at
        elif old in ("resolved", "closed"):
            ticket.reopen_count += 1
        user = session.scalar(select(User).where(User.id == world[tenant].users[actor].id))
        events.ticket_status_changed.send(ticket, actor=user, at=at, old=old, new=new)
        session.commit()


def resolve(tenant_session, world, ticket_id, at, actor="rep_n1", tenant="acme"):
    """Resolve a ticket at `at` (aware UTC) as `actor`; committed."""
    set_status(tenant_session, world, ticket_id, "resolved", at, actor, tenant)


def follow_ups(tenant_session, tenant="acme", **where):
    """The workspace's return visits (filtered by column values), oldest first, detached."""
    with tenant_session(tenant) as session:
        stmt = select(FollowUp).filter_by(**where).order_by(FollowUp.created_at, FollowUp.id)
        rows = session.scalars(stmt).all()
        session.expunge_all()
        return rows


def surveys(tenant_session, tenant="acme", **where):
    """The workspace's surveys (filtered by column values), detached."""
    with tenant_session(tenant) as session:
        rows = session.scalars(select(Survey).filter_by(**where).order_by(Survey.created_at, Survey.id)).all()
        session.expunge_all()
        return rows
