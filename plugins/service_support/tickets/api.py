"""The tickets API under /api/v1/service/tickets: the queue, a ticket, its status, messages and files.

Every route looks the ticket up through the visibility rule first, so another
workspace's ticket, an invisible one and a missing id are the same 404.
"""
from datetime import datetime

from flask import request
from flask.views import MethodView
from sqlalchemy import select

from crm_platform.sdk import QuerySchema, api_login_required, current_user, db, dumped_response, keyset_page, upload_view

from plugins.service_support.blueprints import api_blueprint
from plugins.service_support.models import TicketAttachment, TicketMessage
from plugins.service_support.tickets import attachments, service
from plugins.service_support.tickets.conversation import add_message
from plugins.service_support.tickets.ticket_rows import ticket_rows
from plugins.service_support.tickets.schemas import (
    ServiceTicketAttachmentPageSchema, ServiceTicketAttachmentSchema, ServiceTicketMessagePageSchema,
    ServiceTicketMessageSchema, ServiceTicketPageSchema, ServiceTicketQuerySchema, ServiceTicketSchema,
    ServiceTicketStatusSchema, ServiceTicketUpdateSchema,
)

blp = api_blueprint("tickets", __name__, "Service tickets: the queue, the ticket, its replies, notes and attachments.")

UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "images, PDF, Office documents, text, CSV or zip, up to "
                                           "CRM_ATTACHMENT_MAX_MB (20 MB by default)"}}}}}}}


@blp.route("/service/tickets")
class Tickets(MethodView):
    """The tickets the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(ServiceTicketQuerySchema, location="query")
    @blp.response(200, ServiceTicketPageSchema)
    def get(self, args):
        """List tickets: a queue view, filters, newest first or soonest due first."""
        items, next_cursor = ticket_rows(current_user, args)
        # Dumped by the lean path already (ticket_rows.py); the schema above documents it.
        return dumped_response({"items": items, "next_cursor": next_cursor})

    @blp.arguments(ServiceTicketSchema)
    @blp.response(201, ServiceTicketSchema)
    def post(self, data):
        """Open a ticket on a customer the caller may see; it is numbered and starts as new."""
        return service.create_ticket(current_user, data)


@blp.route("/service/tickets/<int:ticket_id>")
class TicketItem(MethodView):
    """One ticket."""

    decorators = [api_login_required]

    @blp.response(200, ServiceTicketSchema)
    def get(self, ticket_id):
        """Read a ticket."""
        return service.ticket_or_404(current_user, ticket_id)

    @blp.arguments(ServiceTicketUpdateSchema)
    @blp.response(200, ServiceTicketSchema)
    def patch(self, data, ticket_id):
        """Change the priority, category, channel, assignee, team, contact, subject or description."""
        return service.update_ticket(current_user, service.ticket_or_404(current_user, ticket_id), data)


@blp.route("/service/tickets/<int:ticket_id>/status")
class TicketStatus(MethodView):
    """The ticket's status."""

    decorators = [api_login_required]

    @blp.arguments(ServiceTicketStatusSchema)
    @blp.response(200, ServiceTicketSchema)
    def post(self, data, ticket_id):
        """Move the status along the workflow; 409 with the reason for a move it does not allow."""
        return service.change_status(current_user, service.ticket_or_404(current_user, ticket_id), data["status"])


def message_out(message, files):
    """A message with its files, for ServiceTicketMessageSchema."""
    return {**{key: getattr(message, key) for key in ("id", "ticket_id", "kind", "body", "author_id", "mailed_to",
                                                       "mail_job_id", "created_at")}, "attachments": files}


def files_by_message(message_ids):
    """{message id: [attachment]} for `message_ids`."""
    found = {}
    for attachment in db.session.scalars(select(TicketAttachment).where(TicketAttachment.message_id.in_(message_ids))
                                         .order_by(TicketAttachment.created_at, TicketAttachment.id)):
        found.setdefault(attachment.message_id, []).append(attachment)
    return found


def ticket_rows_page(model, ticket_id, args, descending):
    """A cursor page of `model`'s rows of a ticket the caller may see, by creation time; (rows, next_cursor)."""
    ticket = service.ticket_or_404(current_user, ticket_id)
    return keyset_page(select(model).where(model.ticket_id == ticket.id), [model.created_at, model.id], descending,
                       args.get("cursor"), args["limit"], types=[datetime, int])


@blp.route("/service/tickets/<int:ticket_id>/messages")
class TicketMessages(MethodView):
    """The ticket's conversation."""

    decorators = [api_login_required]

    @blp.arguments(QuerySchema, location="query")
    @blp.response(200, ServiceTicketMessagePageSchema)
    def get(self, args, ticket_id):
        """List the replies and notes, oldest first, with their files."""
        items, next_cursor = ticket_rows_page(TicketMessage, ticket_id, args, False)
        files = files_by_message([message.id for message in items])
        return {"items": [message_out(message, files.get(message.id, [])) for message in items],
                "next_cursor": next_cursor}

    @blp.arguments(ServiceTicketMessageSchema)
    @blp.response(201, ServiceTicketMessageSchema)
    def post(self, data, ticket_id):
        """Add a public reply (mailed to the contact; opens a new ticket) or an internal note."""
        ticket = service.ticket_or_404(current_user, ticket_id)
        return message_out(add_message(current_user, ticket, data["kind"], data["body"]), [])


@blp.route("/service/tickets/<int:ticket_id>/attachments")
class TicketAttachments(MethodView):
    """The ticket's files (its own and its messages')."""

    decorators = [api_login_required]

    @blp.arguments(QuerySchema, location="query")
    @blp.response(200, ServiceTicketAttachmentPageSchema)
    def get(self, args, ticket_id):
        """List the files, newest first."""
        items, next_cursor = ticket_rows_page(TicketAttachment, ticket_id, args, True)
        return {"items": items, "next_cursor": next_cursor}

    @blp.doc(**UPLOAD_BODY)
    @blp.response(201, ServiceTicketAttachmentSchema)
    @upload_view
    def post(self, ticket_id):
        """Attach a file (multipart field `file`); 413 over the size cap, 422 for a refused or mislabelled type."""
        ticket = service.ticket_or_404(current_user, ticket_id)
        return attachments.add_attachment(current_user, ticket, request.files.get("file"))


@blp.route("/service/tickets/<int:ticket_id>/attachments/<int:attachment_id>")
class TicketAttachmentItem(MethodView):
    """One file of a ticket."""

    decorators = [api_login_required]

    @blp.response(200, ServiceTicketAttachmentSchema)
    def get(self, ticket_id, attachment_id):
        """Read a file's details."""
        return attachments.attachment_or_404(service.ticket_or_404(current_user, ticket_id), attachment_id)

    @blp.response(204)
    def delete(self, ticket_id, attachment_id):
        """Delete a file (its uploader, the assignee, or who may manage the customer)."""
        ticket = service.ticket_or_404(current_user, ticket_id)
        attachments.delete_attachment(current_user, ticket, attachments.attachment_or_404(ticket, attachment_id))


@blp.route("/service/tickets/<int:ticket_id>/attachments/<int:attachment_id>/content")
@api_login_required
@blp.response(200, content_type="application/octet-stream")
def attachment_content(ticket_id, attachment_id):
    """Download the file, as an attachment with its checked content type."""
    ticket = service.ticket_or_404(current_user, ticket_id)
    return attachments.download(attachments.attachment_or_404(ticket, attachment_id))
