"""GET /insights/overview and /insights/pareto: every figure counts only the customers the caller may see.

The figures are insights_scores_kit's, written straight into the tables; each
expected number below is worked out by hand from them (revenue in yuan):
n1_alpha 400 A leaving, n1_beta 200 A core, n2 150 A regular, s1 100 A leaving,
s1_shared 100 B advocate, north_mgr 50 C new, house 0 (no class) onlooker.
"""
import pytest
from insights_scores_kit import add_scores, the_world_computed

API = "/api/v1/insights"
LAYERS = ("advocate", "core", "regular", "inactive", "new", "leaving", "onlooker", "lost")
PYRAMIDS = {  # customers per layer from the top down, and class A among them
    "admin": ((1, 1, 1, 0, 1, 2, 1, 0), (0, 1, 1, 0, 0, 2, 0, 0)),
    "executive": ((1, 1, 1, 0, 1, 2, 1, 0), (0, 1, 1, 0, 0, 2, 0, 0)),
    "manager_north": ((0, 1, 1, 0, 1, 1, 0, 0), (0, 1, 1, 0, 0, 1, 0, 0)),
    "manager_south": ((1, 0, 0, 0, 0, 1, 0, 0), (0, 0, 0, 0, 0, 1, 0, 0)),
    "rep_n1": ((1, 1, 0, 0, 0, 1, 0, 0), (0, 1, 0, 0, 0, 1, 0, 0)),
    "rep_n2": ((0, 0, 1, 0, 0, 0, 0, 0), (0, 0, 1, 0, 0, 0, 0, 0)),
    "rep_s1": ((1, 0, 0, 0, 0, 1, 0, 0), (0, 0, 0, 0, 0, 1, 0, 0)),
}


@pytest.fixture
def computed(insights, tenant_session):
    """Both workspaces computed (globex: everyone lost, class C), acme with three monthly snapshots."""
    the_world_computed(tenant_session, insights)
    return insights


def overview(api_client, user, tenant="acme"):
    response = api_client(tenant, user).get(f"{API}/overview")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("user", sorted(PYRAMIDS))
def test_the_pyramid_counts_the_callers_customers_only(computed, api_client, user):
    found = overview(api_client, user)
    layers = found["pyramid"]["layers"]
    counts, class_a = PYRAMIDS[user]
    assert [row["layer"] for row in layers] == list(LAYERS)
    assert tuple(row["customers"] for row in layers) == counts
    assert tuple(row["class_a"] for row in layers) == class_a
    assert found["customers"] == found["pyramid"]["customers"] == sum(counts)
    assert found["class_a_leaving"] == class_a[LAYERS.index("leaving")]
    # The chart is drawn from the same numbers, in the same order.
    chart = found["pyramid"]["chart"]
    assert chart["keys"] == list(LAYERS) and chart["series"][0]["data"] == list(counts)
    assert chart["categories"][0] == "Advocates" and chart["categories"][-1] == "Lost customers"


def test_shares_and_strategies_of_the_layers(computed, api_client, enable_plugin):
    enable_plugin("acme", "customer_insights", settings={"strategy_core": "Visit every quarter."})
    layers = {row["layer"]: row for row in overview(api_client, "admin")["pyramid"]["layers"]}
    # Seven customers: one is 14.3%, two are 28.6% (rounded half up to one decimal).
    assert [layers[name]["share"] for name in LAYERS] == [14.3, 14.3, 14.3, 0.0, 14.3, 28.6, 14.3, 0.0]
    assert layers["core"]["strategy"] == "Visit every quarter."
    assert layers["leaving"]["strategy"].startswith("Act now: call them")
    rep = {row["layer"]: row["share"] for row in overview(api_client, "rep_n1")["pyramid"]["layers"]}
    assert rep["advocate"] == rep["core"] == rep["leaving"] == 33.3 and rep["new"] == 0.0


def test_classes_count_customers_and_revenue_within_sight(computed, api_client):
    admin = overview(api_client, "admin")["classes"]
    assert [(c["abc_class"], c["customers"], c["revenue"]) for c in admin["classes"]] == [
        ("A", 4, "850.00"), ("B", 1, "100.00"), ("C", 1, "50.00")]
    assert [c["revenue_share"] for c in admin["classes"]] == [85.0, 10.0, 5.0]
    assert [c["customer_share"] for c in admin["classes"]] == [57.1, 14.3, 14.3]
    assert admin["unclassified"] == 1 and admin["revenue"] == "1000.00"
    # rep_n1: n1_alpha 400 + n1_beta 200 (A), s1_shared 100 (B) of 700.
    rep = overview(api_client, "rep_n1")["classes"]
    assert [(c["customers"], c["revenue"], c["revenue_share"]) for c in rep["classes"]] == [
        (2, "600.00", 85.7), (1, "100.00", 14.3), (0, "0.00", 0.0)]
    assert rep["unclassified"] == 0
    # manager_north: 750 of 800 is 93.75% and 50 is 6.25%: halves round up.
    north = overview(api_client, "manager_north")["classes"]
    assert [c["revenue_share"] for c in north["classes"]] == [93.8, 0.0, 6.3]
    assert north["chart"]["series"][0]["data"] == [3, 0, 1]
    assert north["chart"]["series"][1]["data"] == [93.8, 0.0, 6.3]


def test_segments_follow_the_rules_order(computed, api_client):
    admin = overview(api_client, "admin")["segments"]
    assert [(s["segment"], s["customers"]) for s in admin["segments"]] == [
        ("champions", 2), ("loyal", 1), ("potential_loyalists", 0), ("new_customers", 1), ("promising", 0),
        ("need_attention", 0), ("about_to_sleep", 0), ("cannot_lose", 0), ("at_risk", 2), ("hibernating", 0)]
    rep = {s["segment"]: s["customers"] for s in overview(api_client, "rep_n1")["segments"]["segments"]}
    assert rep["champions"] == 2 and rep["at_risk"] == 1 and sum(rep.values()) == 3
    assert overview(api_client, "rep_n1")["segments"]["chart"]["categories"][0] == "Champions"


def test_a_segment_a_rule_change_left_behind_is_still_counted(computed, api_client, enable_plugin):
    enable_plugin("acme", "customer_insights", settings={"segments": "best: R5\nrest: R1-4"})
    found = overview(api_client, "admin")["segments"]["segments"]
    # The figures were computed under the default rules: their names follow the current rules' (empty) ones.
    assert [s["segment"] for s in found][:2] == ["best", "rest"]
    assert {s["segment"]: s["customers"] for s in found}["champions"] == 2


def test_the_pareto_curve_of_every_role(computed, api_client, enable_plugin):
    admin = api_client("acme", "admin").get(f"{API}/pareto").get_json()
    # Six buyers: 400, 200, 150, 100, 100, 50 of 1000 (house bought nothing).
    assert admin["customers"] == 6 and admin["revenue"] == "1000.00"
    chart = admin["chart"]
    assert chart["categories"] == ["0%", "16.7%", "33.3%", "50%", "66.7%", "83.3%", "100%"]
    assert chart["series"][0]["data"] == [0.0, 40.0, 60.0, 75.0, 85.0, 95.0, 100.0]
    assert chart["series"][1]["data"] == [80] * 7 and chart["series"][2]["data"] == [95] * 7
    # 80% is first reached after four customers (850); 95% exactly after five (950).
    assert (admin["class_a_customers"], admin["class_ab_customers"]) == (66.7, 83.3)
    rep = api_client("acme", "rep_n1").get(f"{API}/pareto").get_json()
    assert rep["chart"]["series"][0]["data"] == [0.0, 57.1, 85.7, 100.0]
    assert (rep["class_a_customers"], rep["class_ab_customers"]) == (66.7, 100.0)
    # The lines follow the workspace's thresholds; 60% is reached exactly with 600 of 1000.
    enable_plugin("acme", "customer_insights", settings={"abc_a_percent": 60, "abc_b_percent": 30})
    changed = api_client("acme", "admin").get(f"{API}/pareto").get_json()
    assert (changed["class_a_percent"], changed["class_ab_percent"]) == (60, 90)
    assert (changed["class_a_customers"], changed["class_ab_customers"]) == (33.3, 83.3)
    assert changed["chart"]["series"][1]["name"] == "60% of revenue (class A)"


def test_a_long_curve_has_a_point_per_percent(insights, tenant_session, api_client):
    from plugins.customer_insights.overview.pareto import steps

    assert steps(3) == [0, 1, 2, 3] and len(steps(100)) == 101
    assert steps(250)[:4] == [0, 3, 5, 8] and steps(250)[-1] == 250 and len(steps(250)) == 101


def test_before_any_computation_there_is_nothing(insights, api_client):
    found = overview(api_client, "admin")
    assert found["run"] is None and found["customers"] == 0 and found["class_a_leaving"] == 0
    assert all(row["customers"] == 0 and row["share"] is None for row in found["pyramid"]["layers"])
    curve = api_client("acme", "admin").get(f"{API}/pareto").get_json()
    assert curve["customers"] == 0 and curve["chart"]["categories"] == [] and curve["class_a_customers"] is None


def test_the_run_says_as_of_when(insights, tenant_session, api_client):
    add_scores(tenant_session, insights)
    found = overview(api_client, "rep_n2")
    assert found["run"] == {"as_of": "2026-11-30", "computed_at": "2026-12-01T02:05:00+00:00"}
    assert found["currency"] == "CNY"


def test_another_workspace_and_a_disabled_module(computed, api_client, enable_plugin):
    globex = overview(api_client, "admin", "globex")
    assert [row["customers"] for row in globex["pyramid"]["layers"]] == [0, 0, 0, 0, 0, 0, 0, 7]
    assert globex["classes"]["revenue"] == "69993.00"
    enable_plugin("globex", "customer_insights", enabled=False)
    assert api_client("globex", "admin").get(f"{API}/overview").status_code == 404
    assert api_client("acme", "admin").get(f"{API}/overview").status_code == 200


def test_the_api_is_in_the_openapi_document_with_insights_schemas(app, client):
    document = client.get("/api/openapi.json").get_json()
    paths = {path for path in document["paths"] if "/insights/" in path}
    assert {"/api/v1/insights/overview", "/api/v1/insights/pareto", "/api/v1/insights/transitions",
            "/api/v1/insights/customers", "/api/v1/insights/customers/{customer_id}"} <= paths
    names = set(document["components"]["schemas"])
    assert {"InsightsOverview", "InsightsPareto", "InsightsTransitions", "InsightsCustomerPage",
            "InsightsCustomerDetail"} <= names
    # No schema of the module renamed by apispec for a clash (Item1, Item2).
    assert not [name for name in names if name.startswith("Insights") and name[-1].isdigit()]


SIGHT = {  # the world's visibility, by hand: who sees which customers
    "admin": {"n1_alpha", "n1_beta", "n2", "s1", "s1_shared", "north_mgr", "house"},
    "executive": {"n1_alpha", "n1_beta", "n2", "s1", "s1_shared", "north_mgr", "house"},
    "manager_north": {"n1_alpha", "n1_beta", "n2", "north_mgr"},
    "manager_south": {"s1", "s1_shared"},
    "rep_n1": {"n1_alpha", "n1_beta", "s1_shared"},
    "rep_n2": {"n2"},
    "rep_s1": {"s1", "s1_shared"},
}


@pytest.mark.parametrize("user", sorted(SIGHT))
def test_every_figure_of_every_role_counts_its_customers_only(computed, api_client, user):
    from decimal import Decimal

    from insights_scores_kit import FIGURES

    seen = {key: FIGURES[key] for key in SIGHT[user]}
    client = api_client("acme", user)
    found = overview(api_client, user)
    for row in found["classes"]["classes"]:
        mine = [values for values in seen.values() if values[1] == row["abc_class"]]
        assert (row["customers"], Decimal(row["revenue"])) == (len(mine), sum(Decimal(v[0]) for v in mine))
    segments = {row["segment"]: row["customers"] for row in found["segments"]["segments"]}
    assert {name: count for name, count in segments.items() if count} == {
        name: sum(1 for v in seen.values() if v[2] == name) for name in {v[2] for v in seen.values() if v[2]}}
    curve = client.get(f"{API}/pareto").get_json()
    bought = [Decimal(v[0]) for v in seen.values() if Decimal(v[0])]
    assert (curve["customers"], Decimal(curve["revenue"])) == (len(bought), sum(bought, Decimal(0)))
    listed = client.get(f"{API}/customers?limit=200").get_json()["items"]
    assert {item["customer_id"] for item in listed} == {computed.acme.customers[key].id for key in SIGHT[user]}
    assert found["class_a_leaving"] == sum(1 for v in seen.values() if v[1] == "A" and v[3] == "leaving")


def test_pooled_customers_count_for_those_who_see_everything_only(computed, api_client):
    n2 = computed.acme.customers["n2"].id
    moved = api_client("acme", "admin").post("/api/v1/customers/bulk", json={"action": "to_pool", "ids": [n2]})
    assert moved.get_json()["changed"] == 1
    # Nobody owns Gamma Tools now: rep_n2 and manager_north no longer count it; the admin still does.
    assert overview(api_client, "rep_n2")["customers"] == 0
    north = overview(api_client, "manager_north")
    assert north["customers"] == 3 and north["pyramid"]["layers"][2]["customers"] == 0
    assert overview(api_client, "admin")["customers"] == 7
    rep = api_client("acme", "rep_n1")
    assert n2 not in {item["customer_id"] for item in rep.get(f"{API}/customers").get_json()["items"]}
    assert rep.get(f"{API}/transitions").get_json()["customers"] == 3
    # Its own figures stay open to whoever may look into its pool, like its customer page.
    assert rep.get(f"{API}/customers/{n2}").status_code == api_client("acme", "rep_n1").get(
        f"/api/v1/customers/{n2}").status_code == 200
