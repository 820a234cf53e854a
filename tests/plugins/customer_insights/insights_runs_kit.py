"""Helpers of the runs tests: purchases and referrals written straight into a workspace, its scores read back."""
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from plugins.customer_insights.models import Purchase, Referral, Run, Score, Snapshot


def add_purchases(world, tenant_session, rows, tenant="acme"):
    """Write purchases: rows of (customer key, date, amount text[, currency]); committed."""
    customers = world[tenant].customers
    with tenant_session(tenant) as session:
        for number, (key, day, amount, *currency) in enumerate(rows):
            session.add(Purchase(customer_id=customers[key].id, purchased_on=day, amount=Decimal(amount),
                                 currency=currency[0] if currency else "CNY", source="api",
                                 source_ref=f"kit-{tenant}-{key}-{day}-{amount}-{number}"))
        session.commit()


def add_referral(world, tenant_session, key, day, tenant="acme"):
    """Record that customer `key` recommended the company on `day`; committed."""
    with tenant_session(tenant) as session:
        session.add(Referral(customer_id=world[tenant].customers[key].id, referred_on=day, referred_name="Someone"))
        session.commit()


def scores(world, tenant_session, tenant="acme"):
    """{customer key: Score row as a dict} of the workspace."""
    keys = {account.id: key for key, account in world[tenant].customers.items()}
    with tenant_session(tenant) as session:
        rows = session.scalars(select(Score)).all()
        return {keys.get(row.customer_id, row.customer_id): {column: getattr(row, column)
                                                            for column in Score.__table__.columns.keys()}
                for row in rows}


def snapshots(world, tenant_session, tenant="acme"):
    """{month: {customer key: (layer, class, segment)}} of the workspace."""
    keys = {account.id: key for key, account in world[tenant].customers.items()}
    taken = {}
    with tenant_session(tenant) as session:
        for row in session.scalars(select(Snapshot)):
            taken.setdefault(row.month, {})[keys.get(row.customer_id, row.customer_id)] = (
                row.layer, row.abc_class, row.segment)
    return taken


def runs(tenant_session, tenant="acme"):
    """The workspace's runs as dicts, oldest first."""
    with tenant_session(tenant) as session:
        return [{column: getattr(run, column) for column in Run.__table__.columns.keys()}
                for run in session.scalars(select(Run).order_by(Run.started_at, Run.id))]


def months_back(today, count):
    """The first day of the month `count` months before `today`'s."""
    index = today.year * 12 + today.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)
