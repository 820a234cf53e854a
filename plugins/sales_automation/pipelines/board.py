"""The Kanban board and its list view: per-column counts and totals, and cursor pages of cards.

Everything is filtered by what the user may see (`opportunity_criterion`) and by
the board's filters, in SQL: a column with thousands of cards costs one indexed
aggregate and one keyset page of `stage_entered_at desc, id desc`
(ix_sales_automation_opportunities_tenant_column).
"""
from calendar import monthrange
from datetime import date, datetime

from sqlalchemy import func, select

from crm_platform.sdk import Customer, User, db, keyset_page, users_in_unit_subtree

from plugins.sales_automation.models import Opportunity
from plugins.sales_automation.pipelines.service import opportunity_criterion, stages_of

COLUMN_PAGE = 20
"""Cards a column shows before "Load more"."""
SORTS = {
    "-stage_entered_at": ([Opportunity.stage_entered_at, Opportunity.id], True, [datetime, int], False),
    "stage_entered_at": ([Opportunity.stage_entered_at, Opportunity.id], False, [datetime, int], False),
    "expected_close": ([Opportunity.expected_close, Opportunity.id], False, [date, int], True),
    "-expected_close": ([Opportunity.expected_close, Opportunity.id], True, [date, int], True),
    "name": ([Opportunity.name, Opportunity.id], False, [str, int], False),
    "-created_at": ([Opportunity.created_at, Opportunity.id], True, [datetime, int], False),
}
"""The list view's orders: (columns, descending, cursor types, first column nullable)."""


def month_bounds(month):
    """The first day of "YYYY-MM" and the last."""
    first = date.fromisoformat(f"{month}-01")
    return first, first.replace(day=monthrange(first.year, first.month)[1])


def visible(user, pipeline_id, filters, *columns):
    """A SELECT of the pipeline's opportunities `user` may see that match `filters` (owner, unit, month, ...).

    It selects whole opportunities, or only `columns` (the API's lean list, opportunity_rows.py).
    """
    stmt = select(*(columns or [Opportunity]))
    stmt = stmt.where(Opportunity.pipeline_id == pipeline_id, opportunity_criterion(user))
    if filters.get("owner_id") is not None:
        stmt = stmt.where(Opportunity.owner_id == filters["owner_id"])
    if filters.get("org_unit_id") is not None:
        stmt = stmt.where(Opportunity.owner_id.in_(users_in_unit_subtree(filters["org_unit_id"])))
    if filters.get("close_month"):
        first, last = month_bounds(filters["close_month"])
        stmt = stmt.where(Opportunity.expected_close.between(first, last))
    if filters.get("stage_id") is not None:
        stmt = stmt.where(Opportunity.stage_id == filters["stage_id"])
    if filters.get("customer_id") is not None:
        stmt = stmt.where(Opportunity.customer_id == filters["customer_id"])
    if filters.get("status"):
        stmt = stmt.where(Opportunity.status == filters["status"])
    return stmt


def column_totals(user, pipeline_id, filters):
    """{stage_id: (count, {currency: total amount})} over what `user` may see with `filters`."""
    base = visible(user, pipeline_id, filters).subquery()
    rows = db.session.execute(select(base.c.stage_id, base.c.currency, func.count(), func.sum(base.c.amount))
                              .group_by(base.c.stage_id, base.c.currency)).all()
    totals = {}
    for stage_id, currency, count, amount in rows:
        total_count, amounts = totals.get(stage_id, (0, {}))
        amounts[currency] = amount  # SUM keeps the column's exact type: a Decimal
        totals[stage_id] = (total_count + count, amounts)
    return totals


def column_page(user, pipeline_id, stage_id, filters, cursor=None, limit=COLUMN_PAGE):
    """One column's cards, newest in the stage first: (opportunities, next_cursor)."""
    stmt = visible(user, pipeline_id, {**filters, "stage_id": stage_id})
    return keyset_page(stmt, [Opportunity.stage_entered_at, Opportunity.id], True, cursor, limit,
                       types=[datetime, int])


def list_page(user, pipeline_id, filters, sort="-stage_entered_at", cursor=None, limit=50):
    """The list view: a cursor page of the same opportunities in `sort` order (see SORTS)."""
    columns, descending, types, nullable = SORTS[sort]
    return keyset_page(visible(user, pipeline_id, filters), columns, descending, cursor, limit, types=types,
                       nullable=nullable)


def board(user, pipeline_id, filters, limit=COLUMN_PAGE):
    """Every column of the pipeline: [{stage, count, totals, cards, next_cursor}], won and lost last."""
    totals = column_totals(user, pipeline_id, filters)
    columns = []
    for stage in stages_of(pipeline_id):
        count, amounts = totals.get(stage.id, (0, {}))
        cards, next_cursor = column_page(user, pipeline_id, stage.id, filters, limit=limit) if count else ([], None)
        columns.append({"stage": stage, "count": count, "totals": amounts, "cards": cards,
                        "next_cursor": next_cursor})
    return columns


def names_for(opportunities):
    """({customer_id: name}, {user_id: name}) of the cards' customers and owners, in two queries."""
    customer_ids = {o.customer_id for o in opportunities}
    owner_ids = {o.owner_id for o in opportunities}
    customers = dict(db.session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(customer_ids))).all()
                     ) if customer_ids else {}
    owners = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(owner_ids))).all()
                  ) if owner_ids else {}
    return customers, owners


def card(opportunity, customers, owners):
    """What a card shows, as plain values for the API and the templates."""
    return {"id": opportunity.id, "name": opportunity.name, "customer_id": opportunity.customer_id,
            "customer_name": customers.get(opportunity.customer_id), "amount": opportunity.amount,
            "currency": opportunity.currency, "owner_id": opportunity.owner_id,
            "owner_name": owners.get(opportunity.owner_id), "expected_close": opportunity.expected_close,
            "stage_id": opportunity.stage_id, "status": opportunity.status,
            "stage_entered_at": opportunity.stage_entered_at}


def cards(opportunities):
    """Cards for a list of opportunities, names loaded in two queries."""
    customers, owners = names_for(opportunities)
    return [card(o, customers, owners) for o in opportunities]
