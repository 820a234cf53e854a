"""Files on a ticket or one of its messages, through the SDK's checked storage (the core's customer attachments').

Whoever may see the ticket may download its files and add some; a file is
deleted by its uploader, the ticket's assignee, or who may manage the customer.
"""
from flask import abort
from sqlalchemy import select
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import (
    can_manage_customer, db, forget_stored_file, gettext as _, send_stored_file, store_upload, utcnow,
)

from plugins.service_support.models import TicketAttachment
from plugins.service_support.timeline import record_event


def add_attachment(actor, ticket, upload, now=None):
    """Attach `upload` to `ticket` itself (not to a message) as `actor`; timeline line. Committed."""
    now = now or utcnow()
    stored = store_upload(upload)
    attachment = TicketAttachment(ticket_id=ticket.id, uploaded_by_id=actor.id, name=stored.name,
                                  content_type=stored.content_type, size=stored.size,
                                  stored_name=stored.stored_name, created_at=now)
    db.session.add(attachment)
    record_event(ticket, "file_added", actor_id=actor.id, at=now, name=stored.name)
    db.session.commit()
    return attachment


def attachments_of(ticket):
    """Every file of the ticket (its own and its messages'), newest first."""
    return db.session.scalars(select(TicketAttachment).where(TicketAttachment.ticket_id == ticket.id)
                              .order_by(TicketAttachment.created_at.desc(), TicketAttachment.id.desc())).all()


def attachment_or_404(ticket, attachment_id):
    """The file `attachment_id` of `ticket` (one the caller may see); 404 otherwise."""
    attachment = db.session.scalar(select(TicketAttachment).where(TicketAttachment.id == attachment_id,
                                                                  TicketAttachment.ticket_id == ticket.id))
    if attachment is None:
        abort(404)
    return attachment


def may_delete(user, ticket, attachment):
    """True for the uploader, the ticket's assignee, and who may manage the ticket's customer."""
    return user.id in (attachment.uploaded_by_id, ticket.assignee_id) or can_manage_customer(user, ticket.customer_id)


def delete_attachment(actor, ticket, attachment, now=None):
    """Delete a file (403 for who may not); the file leaves the disk once the delete commits."""
    if not may_delete(actor, ticket, attachment):
        raise Forbidden(_("You may see this file but not delete it."))
    forget_stored_file(attachment.stored_name)
    record_event(ticket, "file_deleted", actor_id=actor.id, at=now or utcnow(), name=attachment.name)
    db.session.delete(attachment)
    db.session.commit()


def download(attachment):
    """The file as a download with its checked type."""
    return send_stored_file(attachment.stored_name, attachment.name, attachment.content_type)
