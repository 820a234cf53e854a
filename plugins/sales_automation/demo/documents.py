"""Demo quotes, contracts with payment plans, payments (some partial, some missing) and collection reminders.

Everything goes through the module's own services, so totals, numbers, plans and
balances are exactly what users would have made; the payments commit as they do
for users, so they come last.
"""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from crm_platform.sdk import Customer, JobContext, User, current_tenant_id, db, workspace_today

from plugins.sales_automation.contracts.instalments import instalments_of
from plugins.sales_automation.contracts.service import create_contract
from plugins.sales_automation.payments.collection import make_reminders
from plugins.sales_automation.payments.service import record_payment
from plugins.sales_automation.quotes.service import change_status, create_quote

QUOTED_STAGES = 3  # open deals from the fourth stage on (quoted, negotiation) have a quote


def _lines(rng, texts):
    """Two or three quote lines from the demo's products, some discounted."""
    return [{"description": name, "unit": unit, "quantity": Decimal(rng.randint(1, 40)), "unit_price": Decimal(price),
             "discount_percent": Decimal(rng.choice((0, 0, 5, 8))), "tax_rate": None}
            for name, unit, price in rng.sample(texts.products, rng.randint(2, 3))]


def seed_quotes(rng, texts, opportunities, stage_positions):
    """Quotes for deals past the proposal stage: drafts, sent ones, and accepted ones for the deals won."""
    quotes = {}
    for deal in opportunities:
        won = deal.status == "won"
        if not won and (deal.status != "open" or stage_positions[deal.stage_id] < QUOTED_STAGES):
            continue
        owner = db.session.get(User, deal.owner_id)
        customer = db.session.get(Customer, deal.customer_id)
        quote = create_quote(owner, customer, {"title": deal.name, "opportunity_id": deal.id,
                                               "valid_until": workspace_today() + timedelta(days=30),
                                               "lines": _lines(rng, texts)})
        if won or rng.random() < 0.6:
            change_status(owner, quote, "send")
        if won:
            change_status(owner, quote, "accept")
        quotes[deal.id] = quote
    return quotes


def seed_contracts(rng, opportunities, quotes):
    """A contract for every deal won, paid in one to four monthly instalments from a month after signing."""
    contracts = []
    for deal in opportunities:
        if deal.status != "won":
            continue
        quote = quotes.get(deal.id)
        signed = deal.closed_at.date()
        contract = create_contract({
            "customer_id": deal.customer_id, "owner_id": deal.owner_id, "title": deal.name,
            "amount": quote.total if quote else deal.amount, "signed_on": signed, "start_date": signed,
            "end_date": signed + timedelta(days=365), "opportunity_id": deal.id,
            "quote_id": quote.id if quote else None,
            "split": {"count": rng.randint(1, 4), "every_months": 1, "first_due": signed + timedelta(days=30)}})
        contracts.append(contract)
    return contracts


def seed_payments(rng, contracts, collector):
    """Most instalments already due are paid, some in part, some not at all (those are overdue)."""
    today = workspace_today()
    for contract in contracts:
        for instalment in instalments_of(contract):
            if instalment.due_date > today:
                continue
            luck = rng.random()
            if luck < 0.25:
                continue
            amount = instalment.amount if luck > 0.45 else (instalment.amount / 2).quantize(Decimal("0.01"))
            received = min(today, instalment.due_date + timedelta(days=rng.randint(-5, 10)))
            record_payment(collector, contract, instalment,
                           {"amount": amount, "received_on": received, "method": rng.choice(
                               ("bank_transfer", "bank_transfer", "acceptance_bill", "wechat_pay"))})


def seed_reminders():
    """Today's collection reminders, as the daily schedule would make them."""
    make_reminders(JobContext(job_id=None, tenant_id=current_tenant_id(), user=None, params={},
                              progress=lambda done, total: db.session.commit()))
    db.session.commit()


def stage_positions(stages):
    """{stage id: position} of the workspace's stages."""
    return {stage.id: stage.position for stage in stages}


def collector_user():
    """Who records the demo's payments: the workspace's first admin."""
    return db.session.scalar(select(User).where(User.role == "admin").order_by(User.email).limit(1))
