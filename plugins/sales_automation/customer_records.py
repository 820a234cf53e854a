"""Visibility and changes of the module's documents on a customer (quotes, contracts): one rule for both.

A document is seen through its customer (GUIDE section 4) or by its owner, and
changed by its owner or whoever may manage its customer.
"""
from flask import abort
from sqlalchemy import select
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import can_manage_customer, customer_record_criterion, db


def record_criterion(user, model):
    """The WHERE clause selecting the rows of `model` (with customer_id and owner_id) that `user` may see."""
    return customer_record_criterion(user, model.customer_id, model.owner_id)


def record_or_404(user, model, record_id):
    """The row of `model` if `user` may see it; otherwise the same 404 as a missing id."""
    record = db.session.scalar(select(model).where(model.id == record_id, record_criterion(user, model)))
    if record is None:
        abort(404)
    return record


def may_manage(user, record):
    """Its owner and whoever may manage its customer change a document."""
    return record.owner_id == user.id or can_manage_customer(user, record.customer_id)


def require_manage(user, record, message):
    """Refuse with 403 and `message` unless `user` may change `record`."""
    if not may_manage(user, record):
        raise Forbidden(message)
