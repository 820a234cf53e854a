"""Demo competitors, pipelines, leads, opportunities (every stage, with a believable history) and to-dos."""
import secrets
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from crm_platform.sdk import Customer, User, db, utcnow, workspace_today

from plugins.sales_automation.leads.service import create_lead
from plugins.sales_automation.models import (
    Competitor, LeadAssignee, LeadForm, OpportunityCompetitor, Pipeline, Stage, StageStay, Todo,
)
from plugins.sales_automation.pipelines.service import create_opportunity, default_pipeline, move_to_stage, stages_of

OPPORTUNITIES = 160
LEADS = 48


def people():
    """The workspace's reps and managers (they own the sales), in a stable order."""
    return db.session.scalars(select(User).where(User.role.in_(("rep", "manager")), User.active)
                              .order_by(User.email)).all()


def owned_customers():
    """Customers with an owner, oldest first (a stable order for the seeded choices)."""
    return db.session.scalars(select(Customer).where(Customer.owner_id.is_not(None))
                              .order_by(Customer.created_at, Customer.id)).all()


def seed_competitors(texts):
    """The competitor file."""
    competitors = [Competitor(name=name, strengths=strengths, weaknesses=weaknesses, products=products)
                   for name, strengths, weaknesses, products in texts.competitors]
    db.session.add_all(competitors)
    db.session.flush()
    return competitors


def seed_pipelines(texts):
    """The default pipeline and a second one for project sales."""
    default = default_pipeline()
    project = Pipeline(name=texts.project_pipeline, position=1)
    db.session.add(project)
    db.session.flush()
    won_lost = [(s.name, s.probability, s.kind) for s in stages_of(default.id) if s.kind != "open"]
    stages = [(name, probability, "open") for name, probability in texts.project_stages] + won_lost
    db.session.add_all(Stage(pipeline_id=project.id, name=name, probability=probability, kind=kind, position=position)
                       for position, (name, probability, kind) in enumerate(stages))
    db.session.flush()
    return [default, project]


def seed_leads(rng, texts, sellers, admin_id):
    """Leads in every status, a web form and the round-robin assignees."""
    db.session.add(LeadForm(token=secrets.token_urlsafe(32), name=texts.form_name, source=texts.sources[3],
                            thank_you=texts.thank_you))
    db.session.add_all(LeadAssignee(user_id=user.id) for user in sellers if user.role == "rep")
    statuses = ["new"] * 14 + ["working"] * 14 + ["qualified"] * 10 + ["disqualified"] * 10
    now = utcnow()
    for number in range(LEADS):
        name, company = rng.choice(texts.lead_names), rng.choice(texts.lead_companies)
        lead = create_lead({"name": name, "company": company, "title": rng.choice(texts.titles),
                            "phone": f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
                            "email": f"lead{number}@{['example.cn', 'example.com'][number % 2]}",
                            "source": rng.choice(texts.sources),
                            "owner_id": rng.choice(sellers).id if number % 6 else None}, actor_id=admin_id)
        lead.status = statuses[number % len(statuses)]
        if lead.status == "disqualified":
            lead.disqualify_reason = rng.choice(texts.disqualify)
        lead.created_at = now - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))


def _backdate(opportunity, days_ago, ended_ago=0):
    """Spread the opportunity's stays over `days_ago` days ending `ended_ago` days ago, oldest first (demo history)."""
    stays = db.session.scalars(select(StageStay).where(StageStay.opportunity_id == opportunity.id)
                               .order_by(StageStay.entered_at, StageStay.id)).all()
    now = utcnow() - timedelta(days=ended_ago)
    start = now - timedelta(days=days_ago)
    step = timedelta(days=days_ago) / (len(stays) + 1)
    for index, stay in enumerate(stays):
        stay.entered_at = start + step * index
        stay.left_at = start + step * (index + 1) if index < len(stays) - 1 else None
    opportunity.stage_entered_at = stays[-1].entered_at
    opportunity.created_at = stays[0].entered_at
    if opportunity.closed_at is not None:
        opportunity.closed_at = stays[-1].entered_at


def seed_opportunities(rng, texts, pipelines, competitors, admin_id):
    """Opportunities in every stage of both pipelines; closed ones with reasons and, when lost, the winner."""
    customers, today = owned_customers(), workspace_today()
    made = []
    for number in range(OPPORTUNITIES):
        pipeline = pipelines[0] if number % 4 else pipelines[1]
        stages = stages_of(pipeline.id)
        # Every stage of each pipeline gets its share: count within the pipeline.
        target = stages[(number if number % 4 else number // 4) % len(stages)]
        customer = customers[(number * 7) % len(customers)]
        amount = Decimal(rng.randrange(20, 2000) * 500)
        deal = create_opportunity(name=f"{customer.name[:20]} · {rng.choice(texts.deals)}", customer_id=customer.id,
                                  owner_id=customer.owner_id, actor_id=admin_id, amount=amount,
                                  expected_close=today + timedelta(days=rng.randint(-20, 120)),
                                  source=rng.choice(texts.sources), pipeline_id=pipeline.id)
        for stage in stages:
            if stage.kind != "open" or stage.position > target.position or stage.id == target.id:
                break
            move_to_stage(deal, stage, admin_id)
        if target.kind == "won":
            move_to_stage(deal, target, admin_id, close_reason=rng.choice(texts.won))
        elif target.kind == "lost":
            winner = rng.choice(competitors)
            move_to_stage(deal, target, admin_id, close_reason=rng.choice(texts.lost), winner_competitor_id=winner.id)
        else:
            move_to_stage(deal, target, admin_id)
        if number % 3 == 0:
            bidders = rng.sample(competitors, 2)
            db.session.add_all(OpportunityCompetitor(opportunity_id=deal.id, competitor_id=c.id) for c in bidders)
            if deal.winner_competitor_id and deal.winner_competitor_id not in {c.id for c in bidders}:
                db.session.add(OpportunityCompetitor(opportunity_id=deal.id, competitor_id=deal.winner_competitor_id))
        db.session.flush()
        # Closed deals closed weeks or months ago, so their contracts have instalments already due.
        _backdate(deal, rng.randint(5, 150), ended_ago=rng.randint(1, 200) if deal.status != "open" else 0)
        made.append(deal)
    return made


def seed_todos(rng, texts, opportunities, admin_id):
    """Follow-up to-dos on open opportunities: some overdue, some today, some ahead; a few done."""
    today = workspace_today()
    open_deals = [deal for deal in opportunities if deal.status == "open"]
    for number, deal in enumerate(open_deals[:60]):
        todo = Todo(title=rng.choice(texts.todos), due_date=today + timedelta(days=rng.randint(-6, 10)),
                    assignee_id=deal.owner_id, created_by_id=admin_id, opportunity_id=deal.id,
                    customer_id=deal.customer_id)
        if number % 7 == 0:
            todo.done_at = utcnow()
        db.session.add(todo)
