"""Helpers of the return visit and survey tests: resolving a ticket as the tickets feature will, reading rows."""
from datetime import timedelta

from sqlalchemy import select

from crm_platform.sdk import User, utcnow

from plugins.service_support import events
from plugins.service_support.models import FollowUp, Survey, Ticket
from plugins.service_support.surveys.service import token_hash
from plugins.service_support.tickets.workflow import change_status


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


def through_workflow(tenant_session, world, ticket_id, new, at, actor="rep_n1", tenant="acme"):
    """Move a ticket to `new` at `at` through the tickets feature's workflow (its dates and signal); committed."""
    with tenant_session(tenant, world[tenant].users[actor].id) as session:
        ticket = session.scalar(select(Ticket).where(Ticket.id == ticket_id))
        change_status(session.scalar(select(User).where(User.id == world[tenant].users[actor].id)), ticket, new,
                      now=at)


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


def add_follow_up(tenant_session, world, due_date, owner="rep_n1", customer="n1_alpha", ticket_id=None,
                  tenant="acme", reason="complaint_resolved"):
    """An open return visit written straight to the table; its id."""
    place = world[tenant]
    with tenant_session(tenant) as session:
        row = FollowUp(ticket_id=ticket_id, customer_id=place.customers[customer].id, owner_id=place.users[owner].id,
                       kind="call", reason=reason, due_date=due_date)
        session.add(row)
        session.commit()
        return row.id


def add_survey(tenant_session, world, token, ticket_id, tenant="acme", customer="n1_alpha", **columns):
    """A sent, open survey of `ticket_id` whose link carries `token`, written straight to the table; its id."""
    place = world[tenant]
    values = {"sent_at": utcnow(), "expires_at": utcnow() + timedelta(days=14), **columns}
    with tenant_session(tenant) as session:
        row = Survey(ticket_id=ticket_id, customer_id=place.customers[customer].id,
                     contact_id=place.contacts[customer].id, email=f"contact@{customer}.test",
                     token_hash=token_hash(token), **values)
        session.add(row)
        session.commit()
        return row.id
