"""The module's demo data (`crm demo`): years of purchases for the demo's customers, shaped so that every layer
of the pyramid has customers, referrals for the advocates, monthly snapshots, and one computation.
Chinese when the demo is; the same data for the same seed."""
import random
from datetime import timedelta

from sqlalchemy import insert, select

from crm_platform.sdk import Customer, db, gettext as _, workspace_currency, workspace_today

from plugins.customer_insights.demo import archetypes, history
from plugins.customer_insights.demo.texts import EN, ZH
from plugins.customer_insights.models import CustomerNumber, Purchase, Referral
from plugins.customer_insights.runs import pipeline

SNAPSHOT_MONTHS = 6
"""How many ended months get a snapshot of the pyramid, so the transitions have a history."""


def demo_customers():
    """(id, status) of every customer without purchases yet, in name order (ids differ between databases, names not)."""
    bought = select(Purchase.customer_id)
    return db.session.execute(select(Customer.id, Customer.status).where(Customer.id.not_in(bought))
                              .order_by(Customer.name, Customer.email, Customer.id)).all()


def ended_months(today, count):
    """The first days of the `count` months that ended before `today`'s month, oldest first."""
    months, month = [], today.replace(day=1)
    for _ in range(count):
        month = (month - timedelta(days=1)).replace(day=1)
        months.append(month)
    return months[::-1]


def plan(seed, customers, today, chinese):
    """What the demo writes for `customers` [(id, status)]: (archetypes, purchase rows, referral rows)."""
    rng = random.Random(seed)
    texts = ZH if chinese else EN
    kinds = archetypes.assign(rng, customers)
    purchases = [(customer_id, *row) for customer_id, _status in customers
                 for row in history.customer_purchases(rng, kinds[customer_id], today, texts)]
    first_days = {}
    for customer_id, day, *_ in purchases:
        first_days.setdefault(customer_id, day)
    return kinds, purchases, history.referrals(rng, kinds, first_days, today, texts)


def fill(seed, chinese, echo):
    """Fill the demo workspace (in scope) with purchase history and computed figures.

    A workspace that already has imported purchases or referrals is left as it is
    (the demo is made once); customers who already bought (a payment the sales
    module recorded) keep the history they have.
    """
    made = select(Purchase.id).where(Purchase.source == "import").union_all(select(Referral.id)).limit(1)
    if db.session.execute(made).first() is not None:
        echo(_("Insights: the workspace already has purchase history; left as it is."))
        return
    customers = demo_customers()
    if not customers:
        echo(_("Insights: no customers to give a purchase history to."))
        return
    today = workspace_today()
    echo(_("Insights: three years of purchases and the advocates' referrals ..."))
    kinds, purchases, referrals = plan(seed, customers, today, chinese)
    write(purchases, referrals, chinese)
    months = ended_months(today, SNAPSHOT_MONTHS)
    first, last = (month.strftime("%Y-%m") for month in (months[0], months[-1]))
    echo(_("Insights: the pyramid at the end of %(first)s to %(last)s, and today's figures ...",
           first=first, last=last))
    for month in months:
        pipeline.snapshot(month)
    pipeline.compute(as_of=today)
    echo(_("Insights: %(purchases)d purchases of %(customers)d customers, %(referrals)d referrals.",
           purchases=len(purchases), customers=len({row[0] for row in purchases}), referrals=len(referrals)))


def write(purchases, referrals, chinese):
    """Insert the planned rows in bulk (seed data: no audit trail, nobody typed it in)."""
    numbers = history.number_orders(purchases)
    currency = workspace_currency()
    db.session.execute(insert(Purchase), [
        {"customer_id": customer_id, "purchased_on": day, "product": product, "quantity": quantity,
         "amount": amount, "currency": currency, "order_number": number, "source": "import", "source_ref": number}
        for (customer_id, day, product, quantity, amount), number in zip(purchases, numbers)])
    # Their numbers in the company's ERP, by which a later import of its sales finds them.
    numbered = set(db.session.scalars(select(CustomerNumber.customer_id)))
    buyers = [cid for cid in dict.fromkeys(row[0] for row in purchases) if cid not in numbered]
    prefix = "KH" if chinese else "C"
    if buyers:
        db.session.execute(insert(CustomerNumber), [
            {"customer_id": customer_id, "number": f"{prefix}{n:05d}"}
            for n, customer_id in enumerate(buyers, start=len(numbered) + 1)])
    if referrals:
        db.session.execute(insert(Referral), [
            {"customer_id": customer_id, "referred_customer_id": referred_id, "referred_name": name,
             "referred_on": day, "note": note} for customer_id, referred_id, name, day, note in referrals])
    db.session.flush()
