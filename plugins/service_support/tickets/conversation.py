"""A ticket's conversation: public replies (mailed to the contact) and internal notes, with their files.

A reply or note is written with its attachments in one transaction; a public
reply on a new ticket opens it (an agent has answered). A reply to a contact with
an email address gets its mail job (mail.py) in that same transaction, pushed to
the queue once it commits: the request never waits for SMTP, and with Redis down
the job row stays queued until the tick's recovery pushes it (late, never lost).
"""
from sqlalchemy import select

from crm_platform.sdk import Contact, db, enqueue_on_commit, store_upload, utcnow

from plugins.service_support import events
from plugins.service_support.models import TicketAttachment, TicketMessage
from plugins.service_support.tickets.workflow import move_status
from plugins.service_support.timeline import record_event

MAIL_KIND = "service_support_reply_mail"


def contact_email(ticket):
    """The email address of the ticket's contact, or None (no contact, deleted, or no address)."""
    if ticket.contact_id is None:
        return None
    return db.session.scalar(select(Contact.email).where(Contact.id == ticket.contact_id,
                                                         Contact.customer_id == ticket.customer_id)) or None


def add_message(actor, ticket, kind, body, uploads=(), now=None, mail=True):
    """Add a public reply (`kind` "reply") or an internal note ("note") by `actor`, with `uploads`. Committed.

    Files are checked and stored first (a refused one stores nothing and raises);
    a reply sends `ticket_replied` and gets its mail job when the contact has an email,
    unless `mail` is False (a reply recorded, not sent: the demo's, whose contacts'
    addresses are made up).
    """
    now = now or utcnow()
    stored = [store_upload(upload) for upload in uploads if upload is not None and upload.filename]
    message = TicketMessage(ticket_id=ticket.id, kind=kind, author_id=actor.id, body=body, created_at=now,
                            mailed_to=contact_email(ticket) if kind == "reply" and mail else None)
    db.session.add(message)
    db.session.flush()
    for file in stored:
        db.session.add(TicketAttachment(ticket_id=ticket.id, message_id=message.id, uploaded_by_id=actor.id,
                                        name=file.name, content_type=file.content_type, size=file.size,
                                        stored_name=file.stored_name, created_at=now))
    if kind == "reply":
        if ticket.status == "new":
            move_status(actor, ticket, "open", now)
        record_event(ticket, "replied", actor_id=actor.id, at=now, message_id=message.id)
        events.ticket_replied.send(ticket, actor=actor, at=now, message=message)
        if message.mailed_to:
            job = enqueue_on_commit(MAIL_KIND, None, {"message_id": message.id})
            db.session.flush()
            message.mail_job_id = job.id
    else:
        record_event(ticket, "noted", actor_id=actor.id, at=now, message_id=message.id)
    db.session.commit()
    return message


def messages_of(ticket):
    """([(message, [its files])] oldest first, [files on the ticket itself]) of `ticket`."""
    messages = db.session.scalars(select(TicketMessage).where(TicketMessage.ticket_id == ticket.id)
                                  .order_by(TicketMessage.created_at, TicketMessage.id)).all()
    files = {}
    for attachment in db.session.scalars(select(TicketAttachment).where(TicketAttachment.ticket_id == ticket.id)
                                         .order_by(TicketAttachment.created_at, TicketAttachment.id)):
        files.setdefault(attachment.message_id, []).append(attachment)
    return [(message, files.get(message.id, [])) for message in messages], files.get(None, [])
