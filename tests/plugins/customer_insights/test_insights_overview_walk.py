"""The overview's routes keep to their workspace: none takes an id, and nothing of the other workspace shows."""
from insights_scores_kit import the_world_computed
from insights_walk import walk_feature


def test_every_overview_route_keeps_to_its_workspace(insights, app, api_client, page_client, tenant_session):
    the_world_computed(tenant_session, insights)
    # Nothing takes an id in its path: the walk has no route to try another workspace's ids on.
    assert walk_feature(app, insights, api_client, page_client, "overview", {"acme": {}, "globex": {}}, {}) == 0
    client = api_client("acme", "admin")
    found = client.get("/api/v1/insights/overview").get_json()
    # Globex's customers are all lost, class C, 9,999 yuan each: none of it is acme's.
    assert found["pyramid"]["layers"][-1]["customers"] == 0 and found["classes"]["revenue"] == "1000.00"
    assert client.get("/api/v1/insights/pareto").get_json()["revenue"] == "1000.00"
    moves = client.get("/api/v1/insights/transitions").get_json()
    assert all(row["counts"]["lost"] == 0 for row in moves["rows"])
    page = page_client("acme", "admin").get("/insights/overview/").get_data(as_text=True)
    assert "9,999" not in page and "69,993" not in page and "Alpha Trading" in page
