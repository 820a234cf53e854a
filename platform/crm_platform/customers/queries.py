"""The customer list: visibility, search, filters, sorting and counts in one place."""
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from crm_platform.api.pagination import keyset_page
from crm_platform.customers.module_filters import apply_module_filters, module_filters, parse_module_filters
from crm_platform.customers.search import search_criterion
from crm_platform.custom_fields.filters import apply_filters, parse_filters
from crm_platform.extensions import db
from crm_platform.models import Customer, CustomerTag
from crm_platform.models.base import utcnow
from crm_platform.visibility import owned_customer_criterion, pool_criterion, unit_subtree_ids, users_in_unit_subtree

_FILTERS = ("status", "level", "region", "province_code", "industry", "source", "owner_id")
# Text sort keys; "pinyin" puts 北京 (beijing) before 上海 (shanghai), as Chinese users sort.
SORT_COLUMNS = {"name": Customer.name, "pinyin": Customer.name_pinyin}
# Sort keys that may be NULL (never contacted, nothing planned): those customers come last.
NULLABLE_SORTS = ("last_contacted_at", "next_follow_up_at")


def filtered(stmt, user, args, pool=False):
    """Apply visibility, then the list's search and filters, to `stmt`.

    The list holds owned customers; with `pool`, the pooled customers of the
    pools `user` is a member of instead (the Pool page), where `org_unit_id`
    names the pools' units.
    """
    if pool:
        stmt = stmt.where(pool_criterion(user))
    else:
        stmt = stmt.where(owned_customer_criterion(user))
    for name in _FILTERS:
        if args.get(name) is not None:
            stmt = stmt.where(getattr(Customer, name) == args[name])
    if args.get("q") and args["q"].strip():
        stmt = stmt.where(search_criterion(args["q"]))
    if args.get("tag"):
        stmt = stmt.where(Customer.id.in_(select(CustomerTag.customer_id).where(CustomerTag.tag == args["tag"])))
    if args.get("org_unit_id") is not None:
        stmt = stmt.where(Customer.pool_unit_id.in_(unit_subtree_ids(args["org_unit_id"])) if pool
                          else Customer.owner_id.in_(users_in_unit_subtree(args["org_unit_id"])))
    # Parsed by the list page (leniently); given as {cf_…: text} by an export or a bulk action.
    custom = args.get("custom_filters") or parse_filters("customer", args.get("custom_fields") or {})
    if custom:
        stmt = apply_filters(stmt, Customer.id, custom)
    # Modules' filters (crm_customer_filters) likewise: parsed by the list, or {key: value} from an export or bulk job.
    chosen = args.get("module_criteria")
    if chosen is None and args.get("module_filters"):
        chosen = parse_module_filters(module_filters(user), args["module_filters"])
    stmt = apply_module_filters(stmt, chosen or ())
    if args.get("no_contact_days") is not None:  # never contacted counts as no contact
        since = utcnow() - timedelta(days=args["no_contact_days"])
        stmt = stmt.where(or_(Customer.last_contacted_at.is_(None), Customer.last_contacted_at < since))
    if args.get("follow_up_overdue"):
        stmt = stmt.where(Customer.next_follow_up_at < utcnow())
    return stmt


def visible_customers(user, args=None, pool=False):
    """A SELECT of the customers `user` may see that match the list's filters.

    Tags, owners and custom field values come in batched queries, not one per row.
    """
    stmt = select(Customer).options(selectinload(Customer.tag_rows), selectinload(Customer.owner),
                                    selectinload(Customer.custom_value_rows))
    return filtered(stmt, user, args or {}, pool)


def count_customers(user, args=None, pool=False):
    """How many customers `user` may see that match the filters (with `pool`: pooled ones)."""
    return db.session.scalar(filtered(select(func.count(Customer.id)), user, args or {}, pool))


def customer_page(user, args, pool=False):
    """One page of the customer list as (customers, next_cursor)."""
    sort = args.get("sort") or "name"
    key = sort.lstrip("-")
    column = SORT_COLUMNS.get(key) or getattr(Customer, key)
    return keyset_page(visible_customers(user, args, pool), [column, Customer.id], descending=sort.startswith("-"),
                       cursor=args.get("cursor"), limit=args.get("limit"),
                       types=[str if key in SORT_COLUMNS else datetime, int], nullable=key in NULLABLE_SORTS)
