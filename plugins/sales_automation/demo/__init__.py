"""The module's demo data (`crm demo`): leads, pipelines, opportunities in every stage, competitors, to-dos,
quotes, contracts and payments, some overdue. Chinese when the demo is."""
import random

from sqlalchemy import select

from crm_platform.sdk import User, db, force_locale, gettext as _

from plugins.sales_automation.demo import documents, forecasts, pipeline_data
from plugins.sales_automation.demo.texts import EN, ZH
from plugins.sales_automation.models import Stage


def fill(seed, chinese, echo):
    """Fill the demo workspace in scope (crm_demo_data)."""
    rng = random.Random(seed)
    texts = ZH if chinese else EN
    admin_id = db.session.scalar(select(User.id).where(User.role == "admin").order_by(User.email).limit(1))
    sellers = pipeline_data.people()
    echo(_("Sales: competitors, pipelines and leads ..."))
    competitors = pipeline_data.seed_competitors(texts)
    with force_locale("zh_CN" if chinese else "en"):  # the default pipeline's stage names are in the demo's language
        pipelines = pipeline_data.seed_pipelines(texts)
    pipeline_data.seed_leads(rng, texts, sellers, admin_id)
    echo(_("Sales: opportunities in every stage, with their history ..."))
    opportunities = pipeline_data.seed_opportunities(rng, texts, pipelines, competitors, admin_id)
    pipeline_data.seed_todos(rng, texts, opportunities, admin_id)
    echo(_("Sales: quotes, contracts and payments, some overdue ..."))
    stages = documents.stage_positions(db.session.scalars(select(Stage)).all())
    quotes = documents.seed_quotes(rng, texts, opportunities, stages)
    contracts = documents.seed_contracts(rng, opportunities, quotes)
    db.session.commit()  # payments commit one by one, as users' do
    documents.seed_payments(rng, contracts, documents.collector_user())
    documents.seed_reminders()
    echo(_("Sales: forecast categories, quotas and a manager's adjustment ..."))
    forecasts.fill(rng, chinese, admin_id)
    db.session.commit()
