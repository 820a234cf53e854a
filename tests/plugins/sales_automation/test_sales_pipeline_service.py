"""The pipeline service every feature uses: the default pipeline, new opportunities, stage moves and history."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from plugins.sales_automation.models import Opportunity, Pipeline, Stage, StageStay
from plugins.sales_automation.pipelines import service


def test_first_use_makes_one_default_pipeline_with_won_and_lost(sales, tenant_session):
    with tenant_session("acme") as session:
        first = service.pipelines()
        again = service.pipelines()
        assert [p.id for p in first] == [p.id for p in again]
        kinds = [s.kind for s in service.stages_of(first[0].id)]
        assert kinds.count("won") == 1 and kinds.count("lost") == 1 and kinds[-2:] == ["won", "lost"]
        assert session.scalar(select(func.count()).select_from(Pipeline)) == 1
    with tenant_session("globex") as session:
        assert session.scalar(select(func.count()).select_from(Pipeline)) == 0


def new_deal(world, amount="1200.50"):
    customer = world.acme.customers["n1_alpha"]
    return service.create_opportunity(name="ERP upgrade", customer_id=customer.id,
                                      owner_id=world.acme.users["rep_n1"].id, amount=Decimal(amount))


def test_a_new_opportunity_starts_in_the_first_open_stage_with_a_stay(sales, tenant_session):
    with tenant_session("acme") as session:
        deal = new_deal(sales)
        session.commit()
        first = service.stages_of(deal.pipeline_id)[0]
        assert (deal.stage_id, deal.status, deal.currency) == (first.id, "open", "CNY")
        assert session.get(Opportunity, deal.id).amount == Decimal("1200.50")
        stays = session.scalars(select(StageStay).where(StageStay.opportunity_id == deal.id)).all()
        assert [(s.stage_id, s.left_at) for s in stays] == [(first.id, None)]


def test_moves_keep_the_history_and_closing_needs_a_reason(sales, tenant_session):
    with tenant_session("acme") as session:
        deal = new_deal(sales)
        stages = service.stages_of(deal.pipeline_id)
        won = next(s for s in stages if s.kind == "won")
        with pytest.raises(service.StageError):
            service.move_to_stage(deal, won)
        service.move_to_stage(deal, stages[2])
        service.move_to_stage(deal, won, close_reason="Best price")
        session.commit()
        assert (deal.status, deal.close_reason) == ("won", "Best price") and deal.closed_at is not None
        history = service.stage_durations(deal.id, now=deal.closed_at + timedelta(hours=1))
        assert [stay.stage_id for stay, _ in history] == [stages[0].id, stages[2].id, won.id]
        assert history[-1][1] == 3600 and all(seconds >= 0 for _, seconds in history)
        service.move_to_stage(deal, stages[1])
        assert (deal.status, deal.closed_at, deal.close_reason) == ("open", None, None)


def test_a_stage_of_another_pipeline_is_refused(sales, tenant_session):
    with tenant_session("acme") as session:
        deal = new_deal(sales)
        other = Pipeline(name="Projects")
        session.add(other)
        session.flush()
        stage = Stage(pipeline_id=other.id, name="Start", probability=10, kind="open")
        session.add(stage)
        session.flush()
        with pytest.raises(service.StageError):
            service.move_to_stage(deal, stage)
        with pytest.raises(service.StageError):
            service.create_opportunity(name="x", customer_id=deal.customer_id, owner_id=deal.owner_id,
                                       pipeline_id=deal.pipeline_id, stage_id=stage.id)
