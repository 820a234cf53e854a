"""The reply mail: a job of the module's own kind sends a public reply to the ticket's contact.

Queued by conversation.py once the reply is committed, with no user; it writes in
the workspace's language (the contact has no account to choose one). The
subject carries the ticket number, so the contact's answer can be matched to it.
"""
from sqlalchemy import select

from crm_platform.sdk import (
    JobKind, Tenant, db, force_locale, gettext as _, lazy_gettext as _l, reader_locale, send_email,
)

from plugins.service_support.models import Ticket, TicketMessage
from plugins.service_support.tickets.conversation import MAIL_KIND


def send_reply_mail(ctx):
    """Mail the reply `message_id` to the address it was written for; {"sent": 0 or 1, "to": address}."""
    message = db.session.scalar(select(TicketMessage).where(TicketMessage.id == ctx.params["message_id"]))
    if message is None or not message.mailed_to:
        return {"sent": 0, "to": None}
    ticket = db.session.scalar(select(Ticket).where(Ticket.id == message.ticket_id))
    workspace = db.session.scalar(select(Tenant.name).where(Tenant.id == ctx.tenant_id))
    with force_locale(reader_locale()):
        subject = _("[%(number)s] %(subject)s", number=ticket.number, subject=ticket.subject)
        footer = _("This is a reply to your ticket %(number)s with %(workspace)s. Please keep the ticket number in "
                   "the subject when you write back.", number=ticket.number, workspace=workspace)
    sent = send_email(message.mailed_to, subject, f"{message.body}\n\n-- \n{footer}\n")
    return {"sent": sent, "to": message.mailed_to}


REPLY_MAIL = JobKind(MAIL_KIND, send_reply_mail, _l("Ticket reply mail"), timeout=300)
"""Not retried: a mail sent twice is worse than a failed job the workspace can see."""
