"""Adding and deleting customer attachments; shared by the pages and the API.

Seeing a customer lets a user list and download its files; adding and deleting
them needs the "manage" level (the service's 403), as for contacts.
"""
from flask import abort, current_app, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from crm_platform.attachments.content import SNIFF_BYTES, checked_type
from crm_platform.attachments.storage import attachment_path, remove_file, save_file
from crm_platform.customers.service import require_manage
from crm_platform.extensions import db
from crm_platform.models import CustomerAttachment
from crm_platform.tenancy import current_tenant_id

NAME_LENGTH = 255
# Room for the multipart framing and the CSRF field around the file itself.
FORM_OVERHEAD = 64 * 1024


def max_bytes():
    """The largest attachment accepted (CRM_ATTACHMENT_MAX_MB)."""
    return int(float(current_app.config["CRM_ATTACHMENT_MAX_MB"]) * 1024 * 1024)


def too_large():
    """The 413 of a file over CRM_ATTACHMENT_MAX_MB, saying the limit."""
    limit = float(current_app.config["CRM_ATTACHMENT_MAX_MB"])
    return RequestEntityTooLarge(_("The file is larger than %(limit)s MB.", limit=f"{limit:g}"))


def allow_large_body():
    """Let this request's body reach the attachment cap before anything reads it (forms default to less)."""
    request.max_content_length = max_bytes() + FORM_OVERHEAD


def attachments_of(customer):
    """The attachments of `customer` (one the caller may see), newest first."""
    return db.session.scalars(select(CustomerAttachment).where(CustomerAttachment.customer_id == customer.id)
                              .order_by(CustomerAttachment.created_at.desc(), CustomerAttachment.id.desc())).all()


def add_attachment(actor, customer, upload):
    """Store `upload` (a werkzeug FileStorage) on `customer`: managers only, size-capped, type checked."""
    require_manage(actor, customer)
    if upload is None or not upload.filename:
        raise ValidationError({"file": [_("Choose a file to attach.")]})
    name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:NAME_LENGTH]
    content_type = checked_type(name, upload.stream.read(SNIFF_BYTES))
    upload.stream.seek(0)
    tenant_id = current_tenant_id()
    stored_name, size = save_file(upload.stream, tenant_id, max_bytes())
    if stored_name is None:
        raise too_large()
    attachment = CustomerAttachment(customer_id=customer.id, uploaded_by=actor.id, name=name,
                                    content_type=content_type, size=size, stored_name=stored_name)
    db.session.add(attachment)
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        remove_file(tenant_id, stored_name)
        raise
    return attachment


def delete_attachment(actor, customer, attachment):
    """Delete an attachment of `customer` (managers only); its file goes once the delete is committed."""
    require_manage(actor, customer)
    db.session.delete(attachment)
    db.session.commit()


def file_or_404(attachment):
    """The path of the attachment's file; 404 if it is gone from the disk."""
    path = attachment_path(attachment.tenant_id, attachment.stored_name)
    if path is None or not path.is_file():
        abort(404)
    return path
