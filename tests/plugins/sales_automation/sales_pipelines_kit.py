"""Helpers of the pipelines tests: opportunities made directly through the service, in one workspace."""
from datetime import timedelta
from decimal import Decimal

from crm_platform.sdk import db

from plugins.sales_automation.pipelines import service


def make_deals(tenant_session, world, tenant, specs):
    """Create opportunities from (name, customer key, owner key, amount, stage index, expected close) specs.

    Returns (pipeline id, [stage ids in board order], [opportunity ids]). Each
    deal enters its stage a minute after the previous one, so the board's order is known.
    """
    tw = world[tenant]
    with tenant_session(tenant) as session:
        pipeline = service.pipelines()[0]
        stages = service.stages_of(pipeline.id)
        ids = []
        for n, (name, customer, owner, amount, stage_index, close) in enumerate(specs):
            deal = service.create_opportunity(name=name, customer_id=tw.customers[customer].id,
                                              owner_id=tw.users[owner].id, amount=Decimal(amount),
                                              expected_close=close)
            stage = stages[stage_index]
            if stage.id != deal.stage_id:
                service.move_to_stage(deal, stage, close_reason="test" if stage.kind != "open" else None)
            deal.stage_entered_at = deal.stage_entered_at + timedelta(minutes=n)
            ids.append(deal.id)
        session.commit()
        return pipeline.id, [s.id for s in stages], ids


def stage_of(tenant_session, tenant, opportunity_id):
    """(stage id, status, close reason) of an opportunity as stored."""
    from plugins.sales_automation.models import Opportunity

    with tenant_session(tenant):
        deal = db.session.get(Opportunity, opportunity_id)
        return deal.stage_id, deal.status, deal.close_reason
