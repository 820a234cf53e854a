"""The rules' routes keep to their workspace: no route takes an id, and one workspace's rules never show in another."""
from insights_walk import walk_feature


def test_every_rules_route_keeps_to_its_workspace(insights, app, api_client, page_client):
    # Nothing takes an id in its path: the walk has no route to try another workspace's ids on.
    assert walk_feature(app, insights, api_client, page_client, "rules", {"acme": {}, "globex": {}}, {}) == 0
    changed = api_client("globex", "admin").put("/api/v1/insights/rules",
                                                json={"period_months": 6, "strategy_core": "Globex only"})
    assert changed.status_code == 200
    rules = api_client("acme", "admin").get("/api/v1/insights/rules").json
    assert rules["settings"]["period_months"] == 12 and rules["settings"]["strategy_core"] == ""
    page = page_client("acme", "admin").get("/insights/rules/").get_data(as_text=True)
    assert "Globex only" not in page
    assert "Globex only" in page_client("globex", "admin").get("/insights/rules/").get_data(as_text=True)
