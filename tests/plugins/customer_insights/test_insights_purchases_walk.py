"""Every purchases route, pages and API, answers another workspace's ids exactly as missing ones; no list leaks."""
from insights_purchases_kit import add_purchase, set_number, stored_purchases
from insights_walk import walk_feature


def test_the_walk_of_every_purchases_route(insights, app, api_client, page_client, tenant_session):
    ids = {}
    for tenant in ("acme", "globex"):
        ids[tenant] = {"purchase_id": add_purchase(insights, tenant_session, "house", tenant=tenant),
                       "customer_id": insights[tenant].customers["house"].id}
        set_number(insights, tenant_session, "house", "ERP-HOUSE", tenant=tenant)
    bodies = {
        "insights/customers/number": {"PUT": {"number": "W-1"}},
        "insights/purchases/delete": {"POST": {"next": "/"}},
        "insights/purchases/customers/number": {"POST": {"number": "W-2"}},
        "insights/purchases/customers/number/delete": {"POST": {}},
    }

    assert walk_feature(app, insights, api_client, page_client, "purchases", ids, bodies) == 5


def test_lists_and_writes_never_reach_another_workspace(insights, api_client, page_client, tenant_session):
    add_purchase(insights, tenant_session, "house", tenant="globex", product="globex secret")
    acme, foreign = api_client("acme", "admin"), insights.globex.customers["house"].id

    assert acme.get("/api/v1/insights/purchases").json["items"] == []
    assert acme.get(f"/api/v1/insights/purchases?customer_id={foreign}").json["items"] == []
    for customer_id in (foreign, 999_999):
        added = acme.post("/api/v1/insights/purchases", json={"customer_id": customer_id, "amount": "5.00"})
        assert added.status_code == 404
    page = page_client("acme", "admin").get(f"/insights/purchases/?customer_id={foreign}").get_data(as_text=True)
    assert "globex secret" not in page
    assert page_client("acme", "admin").get(f"/insights/purchases/new?customer_id={foreign}").status_code == 404
    assert stored_purchases(tenant_session) == []
