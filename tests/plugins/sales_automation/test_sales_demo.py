"""`crm demo` fills the sales module: leads, opportunities in every stage, competitors, to-dos, contracts, payments."""
from sqlalchemy import func, select

from crm_platform.extensions import db
from crm_platform.models import Tenant
from crm_platform.sdk import is_enabled, workspace_today
from crm_platform.tenancy import tenant_scope, unscoped
from tenants.demo import create_demo

from plugins.sales_automation.models import (
    CollectionReminder, Competitor, Contract, Instalment, Lead, Opportunity, Payment, Quote, Stage, StageStay, Todo,
)


def demo_scope(app, locale):
    """Make the demo in `locale`; returns its tenant id."""
    with app.app_context():
        create_demo(customers=120, echo=lambda line: None, locale=locale)
        with unscoped("the test reads the demo workspace"):
            return db.session.scalar(select(Tenant.id).where(Tenant.slug == "demo"))


def test_the_demo_has_sales_in_every_stage(app):
    tenant_id = demo_scope(app, "zh_CN")
    with app.app_context(), tenant_scope(tenant_id):
        assert is_enabled("sales_automation")
        stages = db.session.scalars(select(Stage)).all()
        occupied = set(db.session.scalars(select(Opportunity.stage_id).distinct()))
        assert {s.id for s in stages} == occupied, "an opportunity in every stage of every pipeline"
        assert {s.name for s in stages} >= {"初步接洽", "赢单", "输单"}
        statuses = set(db.session.scalars(select(Lead.status).distinct()))
        assert {"new", "working", "qualified", "disqualified"} <= statuses
        assert db.session.scalar(select(func.count()).select_from(Competitor)) >= 5
        lost = db.session.scalars(select(Opportunity).where(Opportunity.status == "lost")).all()
        assert lost and all(o.close_reason and o.winner_competitor_id for o in lost)
        # The history spans weeks: stays were spread over the past, each closed before the next began.
        stays = db.session.scalars(select(StageStay).where(StageStay.left_at.is_not(None))).all()
        assert stays and all(s.left_at > s.entered_at for s in stays)
        overdue = db.session.scalar(select(func.count()).select_from(Todo)
                                    .where(Todo.done_at.is_(None), Todo.due_date < workspace_today()))
        assert overdue > 0


def test_the_demo_has_contracts_paid_in_part_and_overdue(app):
    tenant_id = demo_scope(app, "en")
    with app.app_context(), tenant_scope(tenant_id):
        today = workspace_today()
        won = db.session.scalar(select(func.count()).select_from(Opportunity).where(Opportunity.status == "won"))
        contracts = db.session.scalars(select(Contract)).all()
        assert len(contracts) == won and all(c.number.startswith("HT-") for c in contracts)
        assert {q.status for q in db.session.scalars(select(Quote))} >= {"draft", "sent", "accepted"}
        instalments = db.session.scalars(select(Instalment)).all()
        for contract in contracts:  # every plan adds up to its contract
            assert sum(i.amount for i in instalments if i.contract_id == contract.id) == contract.amount
        assert any(i.settled for i in instalments)
        assert any(0 < i.paid < i.amount for i in instalments), "a part-paid instalment"
        assert any(i.paid == 0 and i.due_date < today for i in instalments), "an overdue one"
        for instalment in instalments:
            paid = db.session.scalar(select(func.coalesce(func.sum(Payment.amount), 0))
                                     .where(Payment.instalment_id == instalment.id))
            assert paid == instalment.paid
        assert db.session.scalar(select(func.count()).select_from(CollectionReminder)
                                 .where(CollectionReminder.stage == "overdue")) > 0
