"""The customer list: visibility, search, filters, sorting and counts in one place."""
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from crm_platform.api.pagination import keyset_page
from crm_platform.extensions import db
from crm_platform.models import Customer, CustomerTag
from crm_platform.models.base import utcnow
from crm_platform.visibility import customer_criterion, users_in_unit_subtree

_FILTERS = ("status", "level", "region", "owner_id")
# Sort keys that may be NULL (never contacted, nothing planned): those customers come last.
NULLABLE_SORTS = ("last_contacted_at", "next_follow_up_at")


def _filtered(stmt, user, args):
    """Apply visibility, then the list's search and filters, to `stmt`."""
    stmt = stmt.where(customer_criterion(user))
    for name in _FILTERS:
        if args.get(name) is not None:
            stmt = stmt.where(getattr(Customer, name) == args[name])
    if args.get("q"):
        q = args["q"].strip()
        stmt = stmt.where(or_(Customer.name.icontains(q, autoescape=True),
                              Customer.phone.icontains(q, autoescape=True),
                              Customer.email.icontains(q, autoescape=True)))
    if args.get("tag"):
        stmt = stmt.where(Customer.id.in_(select(CustomerTag.customer_id).where(CustomerTag.tag == args["tag"])))
    if args.get("org_unit_id") is not None:
        stmt = stmt.where(Customer.owner_id.in_(users_in_unit_subtree(args["org_unit_id"])))
    if args.get("no_contact_days") is not None:  # never contacted counts as no contact
        since = utcnow() - timedelta(days=args["no_contact_days"])
        stmt = stmt.where(or_(Customer.last_contacted_at.is_(None), Customer.last_contacted_at < since))
    if args.get("follow_up_overdue"):
        stmt = stmt.where(Customer.next_follow_up_at < utcnow())
    return stmt


def visible_customers(user, args=None):
    """A SELECT of the customers `user` may see that match the list's filters.

    Tags and owners come in two batched queries, not two per row.
    """
    stmt = select(Customer).options(selectinload(Customer.tag_rows), selectinload(Customer.owner))
    return _filtered(stmt, user, args or {})


def count_customers(user, args=None):
    """How many customers `user` may see that match the filters."""
    return db.session.scalar(_filtered(select(func.count(Customer.id)), user, args or {}))


def customer_page(user, args):
    """One page of the customer list as (customers, next_cursor)."""
    sort = args.get("sort") or "name"
    key = sort.lstrip("-")
    columns = [getattr(Customer, key), Customer.id]
    return keyset_page(visible_customers(user, args), columns, descending=sort.startswith("-"),
                       cursor=args.get("cursor"), limit=args.get("limit"),
                       types=[str if key == "name" else datetime, int], nullable=key in NULLABLE_SORTS)
