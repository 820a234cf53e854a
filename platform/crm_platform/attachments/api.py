"""Attachment API: list, upload (multipart field `file`), read, download and delete a customer's files.

The upload's body is read by the view itself, after the customer lookup, so a
hidden or another tenant's customer is the same 404 as a missing one whatever
the body holds.
"""
from flask import request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields
from werkzeug.exceptions import RequestEntityTooLarge

from crm_platform.api.auth import login_required, protect_cookie_writes
from crm_platform.attachments import service, uploads
from crm_platform.attachments.download import send_attachment
from crm_platform.models import CustomerAttachment
from crm_platform.schemas import BaseSchema, page_schema
from crm_platform.visibility import customer_record_or_404, visible_customer_or_404

blp = Blueprint("attachments_api", __name__, description="Files attached to customers")

UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "images, PDF, Office documents, text, CSV or zip, up to "
                                           "CRM_ATTACHMENT_MAX_MB (20 MB by default)"}}}}}}}


class AttachmentSchema(BaseSchema):
    """A file attached to a customer."""

    id = fields.Int(dump_only=True)
    customer_id = fields.Int(dump_only=True)
    name = fields.Str(dump_only=True, metadata={"description": "the uploaded file's name"})
    content_type = fields.Str(dump_only=True, metadata={"description": "the checked type, not the client's claim"})
    size = fields.Int(dump_only=True, metadata={"description": "bytes"})
    uploaded_by = fields.Int(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


@blp.route("/customers/<int:customer_id>/attachments")
class Attachments(MethodView):
    """The files of a customer the caller may see."""

    decorators = [login_required]

    @blp.response(200, page_schema(AttachmentSchema, "AttachmentPage"))
    def get(self, customer_id):
        """List a customer's attachments, newest first."""
        customer = visible_customer_or_404(current_user, customer_id)
        return {"items": service.attachments_of(customer), "next_cursor": None}

    @blp.doc(**UPLOAD_BODY)
    @blp.response(201, AttachmentSchema)
    def post(self, customer_id):
        """Attach a file (multipart field `file`); 413 over the size cap, 422 for a refused type."""
        uploads.allow_large_body()
        customer = visible_customer_or_404(current_user, customer_id)
        try:
            protect_cookie_writes()
            return service.add_attachment(current_user, customer, request.files.get("file"))
        except RequestEntityTooLarge as exc:
            raise uploads.too_large() from exc


@blp.route("/customers/<int:customer_id>/attachments/<int:attachment_id>")
class AttachmentItem(MethodView):
    """One attachment."""

    decorators = [login_required]

    @blp.response(200, AttachmentSchema)
    def get(self, customer_id, attachment_id):
        """Read an attachment's details."""
        return customer_record_or_404(current_user, CustomerAttachment, customer_id, attachment_id)[1]

    @blp.response(204)
    def delete(self, customer_id, attachment_id):
        """Delete an attachment (who may manage the customer)."""
        customer, attachment = customer_record_or_404(current_user, CustomerAttachment, customer_id, attachment_id)
        service.delete_attachment(current_user, customer, attachment)


@blp.route("/customers/<int:customer_id>/attachments/<int:attachment_id>/content")
@login_required
@blp.response(200, content_type="application/octet-stream")
def content(customer_id, attachment_id):
    """Download the file, as an attachment with its checked content type."""
    return send_attachment(customer_record_or_404(current_user, CustomerAttachment, customer_id, attachment_id)[1])
