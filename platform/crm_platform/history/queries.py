"""Which audit entries make up a customer's history.

The customer's own entries (and those of customers merged into it), plus the
entries of its contacts, shares and attachments: the ones it has now, and the
ones whose creation or deletion named it (a contact deleted since, say).
"""
from datetime import datetime

from sqlalchemy import BigInteger, and_, cast, or_, select

from crm_platform.api.pagination import keyset_page
from crm_platform.extensions import db
from crm_platform.models import AuditEntry, Contact, CustomerAttachment, CustomerShare

# Audited records that hang off a customer, by audit entity name; a new one joins with one line.
CHILDREN = {"contact": Contact, "customer_share": CustomerShare, "customer_attachment": CustomerAttachment}


def _merged_ids(customer_id):
    """Ids of the customers merged into `customer_id` (their history is its history now)."""
    entries = db.session.scalars(select(AuditEntry.changes).where(
        AuditEntry.entity == "customer", AuditEntry.entity_id == customer_id, AuditEntry.action == "merge"))
    return {changes["merged_id"] for changes in entries if isinstance(changes, dict) and "merged_id" in changes}


def history_criterion(customer_id):
    """The WHERE clause selecting the audit entries of customer `customer_id`'s history."""
    customer_ids = {customer_id} | _merged_ids(customer_id)
    clauses = [and_(AuditEntry.entity == "customer", AuditEntry.entity_id.in_(customer_ids))]
    for entity, model in CHILDREN.items():
        current = select(model.id).where(model.customer_id.in_(customer_ids))
        named = select(AuditEntry.entity_id).where(
            AuditEntry.entity == entity, AuditEntry.action.in_(("create", "delete")),
            # BIGINT, not as_integer()'s INTEGER: ids pass 2**31 (opaque_ids.py).
            cast(AuditEntry.changes["customer_id"].as_string(), BigInteger).in_(customer_ids))
        clauses.append(and_(AuditEntry.entity == entity,
                            or_(AuditEntry.entity_id.in_(current), AuditEntry.entity_id.in_(named))))
    return or_(*clauses)


def history_page(customer, args):
    """Newest-first entries of `customer`'s history (one the caller may see), as (entries, next_cursor)."""
    stmt = select(AuditEntry).where(history_criterion(customer.id))
    # Ids are random (opaque_ids.py): creation time orders, the id breaks ties.
    return keyset_page(stmt, [AuditEntry.created_at, AuditEntry.id], True, args.get("cursor"), args.get("limit"),
                       types=[datetime, int])
