"""The customers feature's routes keep to their workspace: globex's customer ids answer as missing ones."""
from insights_scores_kit import the_world_computed
from insights_walk import walk_feature


def test_every_customers_route_keeps_to_its_workspace(insights, app, api_client, page_client, tenant_session):
    the_world_computed(tenant_session, insights)
    ids = {tenant: {"customer_id": insights[tenant].customers["n1_alpha"].id} for tenant in ("acme", "globex")}
    assert walk_feature(app, insights, api_client, page_client, "customers", ids, {}) == 1
    for user in ("admin", "rep_n1"):
        items = api_client("acme", user).get("/api/v1/insights/customers?limit=200").get_json()["items"]
        assert {item["customer_id"] for item in items} <= {c.id for c in insights.acme.customers.values()}
        page = page_client("acme", user).get("/insights/customers/").get_data(as_text=True)
        assert "9,999" not in page and "Alpha Trading" in page
    # The customer page's panel of a globex customer is globex's core 404 before it is ever the module's.
    assert page_client("acme", "admin").get(f"/customers/{insights.globex.customers['n1_alpha'].id}").status_code == 404
