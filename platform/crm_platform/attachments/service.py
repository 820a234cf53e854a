"""Adding and deleting customer attachments; shared by the pages and the API.

Seeing a customer lets a user list and download its files; adding and deleting
them needs the "manage" level (the service's 403), as for contacts.
"""
from sqlalchemy import select

from crm_platform.attachments.uploads import store_upload
from crm_platform.customers.service import require_manage
from crm_platform.extensions import db
from crm_platform.models import CustomerAttachment


def attachments_of(customer):
    """The attachments of `customer` (one the caller may see), newest first."""
    return db.session.scalars(select(CustomerAttachment).where(CustomerAttachment.customer_id == customer.id)
                              .order_by(CustomerAttachment.created_at.desc(), CustomerAttachment.id.desc())).all()


def add_attachment(actor, customer, upload):
    """Store `upload` (a werkzeug FileStorage) on `customer`: managers only, size-capped, type checked."""
    require_manage(actor, customer)
    stored = store_upload(upload)
    attachment = CustomerAttachment(customer_id=customer.id, uploaded_by=actor.id, name=stored.name,
                                    content_type=stored.content_type, size=stored.size, stored_name=stored.stored_name)
    db.session.add(attachment)
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()  # the stored file goes with the rolled-back row
        raise
    return attachment


def delete_attachment(actor, customer, attachment):
    """Delete an attachment of `customer` (managers only); its file goes once the delete is committed."""
    require_manage(actor, customer)
    db.session.delete(attachment)
    db.session.commit()
