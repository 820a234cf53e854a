"""Helpers of the forecast and quotas tests: deals, won deals, payments and a workspace time zone, made directly."""
from datetime import date
from decimal import Decimal

from crm_platform.sdk import Tenant, current_tenant_id, db

from plugins.sales_automation.models import Payment
from plugins.sales_automation.pipelines import service
from tests.plugins.sales_automation.payments_support import make_contract


def set_timezone(name):
    """Give the workspace in scope the time zone `name` (committed)."""
    tenant = db.session.get(Tenant, current_tenant_id())
    tenant.settings = {**(tenant.settings or {}), "timezone": name}
    db.session.commit()


def add_deal(tw, owner, amount, close=None, category="pipeline", probability=None, stage_index=0,
             customer="n1_alpha"):
    """An open opportunity of `owner` in `tw` (inside its tenant_session) on the default pipeline's stage; flushed."""
    pipeline = service.default_pipeline()
    stage = service.stages_of(pipeline.id)[stage_index]
    deal = service.create_opportunity(name=f"Deal {amount}", customer_id=tw.customers[customer].id,
                                      owner_id=tw.users[owner].id, amount=Decimal(amount), expected_close=close,
                                      stage_id=stage.id)
    deal.forecast_category, deal.probability = category, probability
    db.session.flush()
    return deal


def add_won(tw, owner, amount, closed_at, status="won"):
    """A closed opportunity of `owner` (won by default) closed at the aware `closed_at`; flushed."""
    pipeline = service.default_pipeline()
    deal = add_deal(tw, owner, amount)
    stage = next(s for s in service.stages_of(pipeline.id) if s.kind == status)
    service.move_to_stage(deal, stage, close_reason="test")
    deal.closed_at = closed_at
    db.session.flush()
    return deal


def add_payment(tw, owner, amount, received_on):
    """A payment of `amount` received on `received_on` on a new contract owned by `owner`; committed."""
    contract_id, (instalment_id,) = make_contract(tw, owner=owner, plan=((amount, date(2026, 1, 31)),))
    db.session.add(Payment(contract_id=contract_id, instalment_id=instalment_id, amount=Decimal(amount),
                           received_on=received_on))
    db.session.commit()


def stage_probabilities():
    """[probability] of the default pipeline's stages in board order."""
    return [stage.probability for stage in service.stages_of(service.default_pipeline().id)]
