"""Purchases, numbers and referrals written straight into a workspace, for the purchases and referrals tests."""
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from plugins.customer_insights.models import CustomerNumber, Purchase, Referral


def add_purchase(world, tenant_session, customer, day=date(2026, 3, 5), amount="100.00", tenant="acme", **fields):
    """A purchase of `customer` (a world key) in `tenant`, committed; its id."""
    tw = world[tenant]
    with tenant_session(tenant) as session:
        purchase = Purchase(customer_id=tw.customers[customer].id, purchased_on=day, amount=Decimal(amount),
                            currency=fields.pop("currency", "CNY"), source=fields.pop("source", "api"), **fields)
        session.add(purchase)
        session.commit()
        return purchase.id


def set_number(world, tenant_session, customer, number, tenant="acme"):
    """Give `customer` (a world key) the external `number` in `tenant`, committed."""
    with tenant_session(tenant) as session:
        session.add(CustomerNumber(customer_id=world[tenant].customers[customer].id, number=number))
        session.commit()


def add_referral(world, tenant_session, customer, referred=None, name=None, day=date(2026, 3, 1), tenant="acme"):
    """A referral by `customer` of the customer `referred` (world keys) or of `name`, committed; its id."""
    tw = world[tenant]
    with tenant_session(tenant) as session:
        referral = Referral(customer_id=tw.customers[customer].id,
                            referred_customer_id=tw.customers[referred].id if referred else None,
                            referred_name=name or (tw.customers[referred].name if referred else None), referred_on=day)
        session.add(referral)
        session.commit()
        return referral.id


def stored_purchases(tenant_session, tenant="acme"):
    """Every purchase of `tenant` as (customer id, day, amount, currency, quantity, product, order number, source)."""
    with tenant_session(tenant) as session:
        return sorted((p.customer_id, p.purchased_on, p.amount, p.currency, p.quantity, p.product, p.order_number,
                       p.source) for p in session.scalars(select(Purchase)))
