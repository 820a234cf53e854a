"""What the ticket page shows, gathered once for the page and for a refused reply or upload shown again."""
from sqlalchemy import select

from crm_platform.sdk import Contact, Customer, OrgUnit, User, current_user, db

from plugins.service_support.models import TicketEvent
from plugins.service_support.sections import for_ticket
from plugins.service_support.tickets.attachments import may_delete
from plugins.service_support.tickets.conversation import messages_of
from plugins.service_support.tickets.workflow import allowed_moves, reopen_deadline
from plugins.service_support.timeline import event_label


def timeline_of(ticket):
    """The ticket's timeline, newest first: [(event, label)]."""
    events = db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                                .order_by(TicketEvent.created_at.desc(), TicketEvent.id.desc())).all()
    return [(event, event_label(event.kind)) for event in events]


def ticket_page_context(ticket, values=None, errors=None):
    """The ticket page's template values: header names, moves, conversation, files, timeline, sections, reply form."""
    messages, ticket_files = messages_of(ticket)
    sections, tools = for_ticket(ticket, current_user)
    files = ticket_files + [file for _, attached in messages for file in attached]
    contact = db.session.execute(select(Contact.name, Contact.email).where(
        Contact.id == ticket.contact_id, Contact.customer_id == ticket.customer_id)).first()
    return {
        "ticket": ticket, "messages": messages, "ticket_files": ticket_files, "timeline": timeline_of(ticket),
        "sections": sections, "tools": tools, "moves": allowed_moves(ticket), "reopen_until": reopen_deadline(ticket),
        "users": dict(db.session.execute(select(User.id, User.name)).all()),
        "customer": db.session.scalar(select(Customer.name).where(Customer.id == ticket.customer_id)),
        "contact": contact,
        "team": db.session.scalar(select(OrgUnit.name).where(OrgUnit.id == ticket.team_unit_id))
        if ticket.team_unit_id else None,
        "mail_to": contact.email if contact is not None and contact.email else None,
        "deletable": {file.id for file in files if may_delete(current_user, ticket, file)},
        "values": values or {"kind": "reply"}, "errors": errors or {},
    }
