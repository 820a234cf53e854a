"""Reading purchase history: only purchases of customers the reader may see (GUIDE.md section 4)."""
from datetime import date

from sqlalchemy import select

from crm_platform.sdk import Customer, customer_criterion, db, keyset_page

from plugins.customer_insights.models import Purchase

LARGEST_ID = 2**63 - 1
"""Ids are 64-bit: a longer number names no customer (and the database would refuse to compare it)."""
PANEL_ROWS = 5
"""How many of a customer's latest purchases its page shows; the list page has the rest."""


def visible_purchases(user):
    """SELECT of the purchases whose customer `user` may see."""
    return select(Purchase).join(Customer, Customer.id == Purchase.customer_id).where(customer_criterion(user))


def purchase_page(user, args):
    """(purchases, next_cursor): latest day first, filtered by customer and days (InsightsPurchaseQuerySchema)."""
    stmt = visible_purchases(user)
    if args.get("customer_id") is not None:
        stmt = stmt.where(Purchase.customer_id == args["customer_id"])
    if args.get("purchased_from") is not None:
        stmt = stmt.where(Purchase.purchased_on >= args["purchased_from"])
    if args.get("purchased_to") is not None:
        stmt = stmt.where(Purchase.purchased_on <= args["purchased_to"])
    # Same day: the id decides, only so that pages neither repeat nor skip a row (ids are random).
    return keyset_page(stmt, [Purchase.purchased_on, Purchase.id], True, args.get("cursor"), args.get("limit"),
                       types=[date, int])


def latest_purchases(customer_id, limit=PANEL_ROWS):
    """The customer's latest purchases (the caller checked the customer is visible)."""
    return db.session.scalars(select(Purchase).where(Purchase.customer_id == customer_id)
                              .order_by(Purchase.purchased_on.desc(), Purchase.created_at.desc(), Purchase.id.desc())
                              .limit(limit)).all()


def customer_id_of(text):
    """The customer id written as `text` (ASCII digits that fit an id), else None ("²" is a digit to str.isdigit)."""
    text = str(text if text is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or int(text) > LARGEST_ID:
        return None
    return int(text)


def visible_customer(user, customer_id):
    """The customer `customer_id` (text or int, as a filter gives it) if `user` may see it, else None."""
    customer_id = customer_id_of(customer_id)
    if customer_id is None:
        return None
    return db.session.scalar(select(Customer).where(Customer.id == customer_id, customer_criterion(user)))


def customer_names(customer_ids):
    """{customer id: name} of these customers (already known to be visible)."""
    if not customer_ids:
        return {}
    return dict(db.session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(customer_ids))).all())
