"""Test data of the competitors and to-dos tests: opportunities, leads and competitors made in one workspace."""
from decimal import Decimal

from sqlalchemy import select

from plugins.sales_automation.leads.service import create_lead
from plugins.sales_automation.models import Competitor, Opportunity, OpportunityCompetitor, Stage
from plugins.sales_automation.pipelines import service


def make_deal(world, tenant_session, tenant="acme", customer="n1_alpha", owner="rep_n1", amount="1000.00",
              name="ERP upgrade", currency=None):
    """A new open opportunity's id, on `customer` owned by `owner`, committed."""
    place = world[tenant]
    with tenant_session(tenant) as session:
        deal = service.create_opportunity(name=name, customer_id=place.customers[customer].id,
                                          owner_id=place.users[owner].id, amount=Decimal(amount),
                                          currency=currency)
        session.commit()
        return deal.id


def close_deal(tenant_session, tenant, deal_id, kind, winner_id=None, when=None):
    """Move the opportunity to its pipeline's won or lost stage (naming the winner of a lost one), committed."""
    with tenant_session(tenant) as session:
        deal = session.get(Opportunity, deal_id)
        stage = session.scalar(select(Stage).where(Stage.pipeline_id == deal.pipeline_id, Stage.kind == kind))
        service.move_to_stage(deal, stage, close_reason="Price", winner_competitor_id=winner_id)
        if when is not None:
            deal.closed_at = when
        session.commit()


def make_lead(world, tenant_session, tenant="acme", owner="rep_n1", name="Wang Lei"):
    """A new lead's id, owned by `owner`, committed."""
    with tenant_session(tenant) as session:
        lead = create_lead({"name": name, "owner_id": world[tenant].users[owner].id})
        session.commit()
        return lead.id


def make_competitor(tenant_session, tenant="acme", name="Kingdee", bids=()):
    """A new competitor's id, listed as bidding on the opportunities `bids`, committed."""
    with tenant_session(tenant) as session:
        competitor = Competitor(name=name, strengths="Brand")
        session.add(competitor)
        session.flush()
        session.add_all([OpportunityCompetitor(opportunity_id=deal_id, competitor_id=competitor.id)
                         for deal_id in bids])
        session.commit()
        return competitor.id
