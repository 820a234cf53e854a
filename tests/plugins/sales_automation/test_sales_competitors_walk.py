"""Every route of the competitors feature, walked with the other workspace's ids: a 404 like a missing id, no write."""
from sales_comptodos_support import make_competitor, make_deal
from sales_walk import walk_feature


def test_every_competitors_route_keeps_to_its_workspace(sales, app, api_client, page_client, tenant_session):
    ids = {}
    for tenant in ("acme", "globex"):
        deal = make_deal(sales, tenant_session, tenant=tenant)
        ids[tenant] = {"opportunity_id": deal, "competitor_id": make_competitor(tenant_session, tenant, bids=[deal])}
    bodies = {
        "sales/competitors": {"PATCH": {"weaknesses": "Slow"}},
        "sales/competitors/edit": {"POST": {"name": "Renamed"}},
        "sales/competitors/delete": {"POST": {}},
        "sales/opportunities/competitors": {"POST": {"competitor_id": ids["acme"]["competitor_id"]}},
        "sales/competitors/opportunities/bidders": {"POST": {"competitor_id": str(ids["acme"]["competitor_id"])}},
        "sales/competitors/opportunities/bidders/delete": {"POST": {}},
    }
    walked = walk_feature(app, sales, api_client, page_client, "competitors", ids, bodies)
    assert walked == 9
