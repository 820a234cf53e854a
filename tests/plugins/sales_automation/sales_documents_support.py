"""Test data of quotes and contracts: won opportunities and accepted quotes, made through the services."""
from decimal import Decimal

from crm_platform.models import User

from plugins.sales_automation.pipelines import service as pipelines
from plugins.sales_automation.quotes import service as quotes


def won_opportunity(tw, customer="n1_alpha", owner="rep_n1", amount="12000.00", won=True):
    """A new opportunity of `customer` owned by `owner`, moved to won (when `won`); in the caller's tenant scope."""
    opportunity = pipelines.create_opportunity(name="ERP rollout", customer_id=tw.customers[customer].id,
                                               owner_id=tw.users[owner].id, amount=Decimal(amount))
    if won:
        stage = next(s for s in pipelines.stages_of(opportunity.pipeline_id) if s.kind == "won")
        pipelines.move_to_stage(opportunity, stage, close_reason="Best offer")
    return opportunity


def quote_for(session, tw, customer="n1_alpha", owner="rep_n1", status="draft", lines=None, **data):
    """A quote of `customer` made by `owner` with `lines` (default: one line of 2 x 500.00 at 13%), sent or accepted."""
    user = session.get(User, tw.users[owner].id)
    lines = lines if lines is not None else [{"description": "Licence", "quantity": Decimal(2),
                                              "unit_price": Decimal(500), "tax_rate": Decimal(13)}]
    quote = quotes.create_quote(user, tw.customers[customer], {"title": "Offer", "lines": lines, **data})
    if status in ("sent", "accepted", "rejected"):
        quotes.change_status(user, quote, "send")
    if status in ("accepted", "rejected"):
        quotes.change_status(user, quote, {"accepted": "accept", "rejected": "reject"}[status])
    return quote
