"""What the SLA tests share: Shanghai time, a policy row, a ticket created through the signal, a ticket read back."""
from datetime import datetime
from zoneinfo import ZoneInfo

from service_kit import make_ticket
from sqlalchemy import select

from crm_platform.sdk import User, utcnow
from plugins.service_support import events
from plugins.service_support.models import SlaPolicy, Ticket, TicketEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*parts):
    """An aware datetime in Shanghai (the workspace's zone in these tests)."""
    return datetime(*parts, tzinfo=SHANGHAI)


def in_shanghai(api_client, tenant="acme"):
    """Put the workspace in Asia/Shanghai."""
    assert api_client(tenant, "admin").patch("/api/v1/workspace", json={"timezone": "Asia/Shanghai"}).status_code == 200


def add_policy(tenant_session, tenant="acme", **values):
    """A policy row (defaults: any ticket, 60 min first response, 480 min resolution, warn 30 before); its id."""
    fields = {"name": "Standard", "first_response_minutes": 60, "resolution_minutes": 480, "warn_before_minutes": 30,
              "escalation": "notify_manager", **values}
    with tenant_session(tenant) as session:
        policy = SlaPolicy(**fields)
        session.add(policy)
        session.commit()
        return policy.id


def created(world, tenant_session, at, tenant="acme", actor="admin", **columns):
    """A ticket made at `at` and announced through `ticket_created` (as the tickets feature does); its id."""
    ticket_id = make_ticket(world, tenant_session, tenant=tenant, created_at=at, **columns)
    signal(world, tenant_session, ticket_id, events.ticket_created, at, tenant=tenant, actor=actor)
    return ticket_id


def signal(world, tenant_session, ticket_id, sent, at, tenant="acme", actor="admin", **kwargs):
    """Send `sent` for the ticket at `at` as the tickets feature would (after its own changes in `kwargs['set']`)."""
    changes = kwargs.pop("set", {})
    with tenant_session(tenant) as session:
        ticket = session.scalar(select(Ticket).where(Ticket.id == ticket_id))
        for key, value in changes.items():
            setattr(ticket, key, value)
        actor_row = session.scalar(select(User).where(User.id == world[tenant].users[actor].id)) if actor else None
        sent.send(ticket, actor=actor_row, at=at, **kwargs)
        session.commit()


def ticket(tenant_session, ticket_id, tenant="acme"):
    """The ticket row, detached."""
    with tenant_session(tenant) as session:
        row = session.scalar(select(Ticket).where(Ticket.id == ticket_id))
        session.expunge(row)
        return row


def timeline(tenant_session, ticket_id, tenant="acme"):
    """[(kind, detail)] of the ticket's timeline, oldest first."""
    with tenant_session(tenant) as session:
        rows = session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                               .order_by(TicketEvent.created_at, TicketEvent.id))
        return [(event.kind, event.detail) for event in rows]


def now():
    """The real time (the scan tests pin the scan's clock around it)."""
    return utcnow()
