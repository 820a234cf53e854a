"""Marshmallow schemas of the tickets API: a ticket in and out, its changes, status moves, messages, files, lists."""
import unicodedata

from marshmallow import ValidationError, fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, gettext as _, page_schema

from plugins.service_support.models.tickets import CATEGORIES, CHANNELS, MESSAGE_KINDS, PRIORITIES, STATUSES
from plugins.service_support.tickets.service import SORTS, VIEWS


def one_line(text):
    """Refuse control characters and line breaks in a subject: it becomes a mail header (a line break injects one)."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in text):
        raise ValidationError(_("The subject must be one line, without line breaks, tabs or control characters."))


SUBJECT = (validate.Length(min=1, max=200), one_line)
# one_line as the document states it (Python's `$` would let a final line break through, so the check stays a function).
ONE_LINE = {"pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$"}


class ServiceTicketSchema(BaseSchema):
    """A service ticket on a customer."""

    id = fields.Int(dump_only=True)
    number = fields.Str(dump_only=True, metadata={"description": "prefix, year and sequence, e.g. GD-2026-0001"})
    customer_id = fields.Int(required=True, metadata={"description": "a customer the caller may see"})
    contact_id = fields.Int(allow_none=True, metadata={"description": "a contact of that customer"})
    channel = fields.Str(required=True, validate=validate.OneOf(CHANNELS))
    category = fields.Str(required=True, validate=validate.OneOf(CATEGORIES))
    priority = fields.Str(load_default="normal", validate=validate.OneOf(PRIORITIES))
    subject = fields.Str(required=True, validate=SUBJECT, metadata=ONE_LINE)
    description = fields.Str(allow_none=True, validate=validate.Length(max=20000))
    status = fields.Str(dump_only=True, validate=validate.OneOf(STATUSES))
    assignee_id = fields.Int(allow_none=True, metadata={"description": "an active user"})
    team_unit_id = fields.Int(allow_none=True, metadata={"description": "the org unit whose queue holds it"})
    created_by_id = fields.Int(dump_only=True, allow_none=True)
    first_response_due_at = fields.DateTime(dump_only=True, allow_none=True)
    resolution_due_at = fields.DateTime(dump_only=True, allow_none=True)
    first_response_at = fields.DateTime(dump_only=True, allow_none=True)
    resolved_at = fields.DateTime(dump_only=True, allow_none=True)
    closed_at = fields.DateTime(dump_only=True, allow_none=True)
    reopen_count = fields.Int(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class ServiceTicketUpdateSchema(BaseSchema):
    """What changes on a ticket (its customer and status do not change here)."""

    contact_id = fields.Int(allow_none=True)
    channel = fields.Str(validate=validate.OneOf(CHANNELS))
    category = fields.Str(validate=validate.OneOf(CATEGORIES))
    priority = fields.Str(validate=validate.OneOf(PRIORITIES))
    subject = fields.Str(validate=SUBJECT, metadata=ONE_LINE)
    description = fields.Str(allow_none=True, validate=validate.Length(max=20000))
    assignee_id = fields.Int(allow_none=True)
    team_unit_id = fields.Int(allow_none=True)


class ServiceTicketStatusSchema(BaseSchema):
    """A status move: open, pending (waiting on the customer), resolved, closed; open again reopens."""

    status = fields.Str(required=True, validate=validate.OneOf(STATUSES))


class ServiceTicketQuerySchema(QuerySchema):
    """Filters and order of the ticket list."""

    view = fields.Str(load_default="all", validate=validate.OneOf(VIEWS), metadata={
        "description": "mine (assigned to me), team (unassigned, queued for my unit or a unit I lead), "
                       "all (every ticket I may see), unassigned"})
    status = fields.Str(validate=validate.OneOf((*STATUSES, "active", "any")),
                        metadata={"description": "a status, active (new, open or pending) or any (default)"})
    category = fields.Str(validate=validate.OneOf(CATEGORIES))
    priority = fields.Str(validate=validate.OneOf(PRIORITIES))
    channel = fields.Str(validate=validate.OneOf(CHANNELS))
    assignee_id = fields.Int()
    team_unit_id = fields.Int()
    customer_id = fields.Int()
    q = fields.Str(validate=validate.Length(max=200), metadata={"description": "in the number or the subject"})
    sort = fields.Str(load_default="newest", validate=validate.OneOf(SORTS), metadata={
        "description": "newest first, or the soonest first-response or resolution due time first"})


ServiceTicketPageSchema = page_schema(ServiceTicketSchema, "ServiceTicketPage")


class ServiceTicketAttachmentSchema(BaseSchema):
    """A file on a ticket or one of its messages."""

    id = fields.Int(dump_only=True)
    ticket_id = fields.Int(dump_only=True)
    message_id = fields.Int(dump_only=True, allow_none=True)
    name = fields.Str(dump_only=True)
    content_type = fields.Str(dump_only=True, metadata={"description": "the checked type, not the client's claim"})
    size = fields.Int(dump_only=True, metadata={"description": "bytes"})
    uploaded_by_id = fields.Int(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class ServiceTicketMessageSchema(BaseSchema):
    """A public reply (mailed to the contact when they have an email) or an internal note."""

    id = fields.Int(dump_only=True)
    ticket_id = fields.Int(dump_only=True)
    kind = fields.Str(required=True, validate=validate.OneOf(MESSAGE_KINDS))
    body = fields.Str(required=True, validate=validate.Length(min=1, max=20000))
    author_id = fields.Int(dump_only=True, allow_none=True)
    mailed_to = fields.Str(dump_only=True, allow_none=True,
                           metadata={"description": "the contact's address the reply is mailed to"})
    mail_job_id = fields.Int(dump_only=True, allow_none=True)
    attachments = fields.List(fields.Nested(ServiceTicketAttachmentSchema), dump_only=True)
    created_at = fields.DateTime(dump_only=True)


ServiceTicketMessagePageSchema = page_schema(ServiceTicketMessageSchema, "ServiceTicketMessagePage")
ServiceTicketAttachmentPageSchema = page_schema(ServiceTicketAttachmentSchema, "ServiceTicketAttachmentPage")
