"""GET /insights/customers (filters, sorts, keyset pages) and /insights/customers/<id>: within sight only.

CLV (insights_scores_kit): n1_beta 1500, n1_alpha 900, s1_shared 800, n2 300, s1 150.50; north_mgr and
house have none. CDI: n1_alpha 60, s1 70, n2 110, n1_beta 120, s1_shared 150; the same two have none.
"""
import pytest
from insights_scores_kit import add_scores, the_world_computed

URL = "/api/v1/insights/customers"


@pytest.fixture
def computed(insights, tenant_session):
    the_world_computed(tenant_session, insights)
    return insights


def keys_of(world, items):
    """The world keys of listed customers, in order."""
    by_id = {customer.id: key for key, customer in world.acme.customers.items()}
    return [by_id[item["customer_id"]] for item in items]


def walk(client, query, limit):
    """Every page of the list for `query`, `limit` at a time: the items in order, and how many pages."""
    items, pages, cursor = [], 0, None
    while True:
        page = client.get(f"{URL}?{query}&limit={limit}" + (f"&cursor={cursor}" if cursor else "")).get_json()
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            return items, pages


def nulls(world, descending):
    """north_mgr and house (no CLV, no CDI): last either way, among themselves by customer id in the sort's way."""
    return sorted(("north_mgr", "house"), key=lambda key: world.acme.customers[key].id, reverse=descending)


@pytest.mark.parametrize("sort, expected_head, descending", [
    ("-clv", ["n1_beta", "n1_alpha", "s1_shared", "n2", "s1"], True),
    ("clv", ["s1", "n2", "s1_shared", "n1_alpha", "n1_beta"], False),
    ("cdi", ["n1_alpha", "s1", "n2", "n1_beta", "s1_shared"], False),
    ("-cdi", ["s1_shared", "n1_beta", "n2", "s1", "n1_alpha"], True),
])
def test_sorted_by_value_pages_after_pages_with_nothing_last(computed, api_client, sort, expected_head, descending):
    admin = api_client("acme", "admin")
    items, pages = walk(admin, f"sort={sort}", 2)
    assert keys_of(computed, items) == expected_head + nulls(computed, descending)
    assert pages == 4


def test_sorted_by_revenue_ties_by_customer_id(computed, api_client):
    items, _pages = walk(api_client("acme", "admin"), "sort=-revenue", 3)
    tied = sorted(("s1", "s1_shared"), key=lambda key: computed.acme.customers[key].id, reverse=True)
    assert keys_of(computed, items) == ["n1_alpha", "n1_beta", "n2", *tied, "north_mgr", "house"]
    assert [item["revenue"] for item in items] == ["400.00", "200.00", "150.00", "100.00", "100.00", "50.00", "0.00"]


def test_the_figures_of_a_listed_customer(computed, api_client):
    items = api_client("acme", "rep_n1").get(f"{URL}?layer=leaving").get_json()["items"]
    assert len(items) == 1
    alpha = items[0]
    assert alpha["name"] == "Alpha Trading" and alpha["owner"]["name"] == "Rep N1" and alpha["computed"] is True
    assert (alpha["abc_class"], alpha["class_label"], alpha["segment"], alpha["segment_label"]) == (
        "A", "Class A", "at_risk", "At risk")
    assert (alpha["layer"], alpha["layer_label"], alpha["clv"], alpha["cdi"], alpha["p_alive"]) == (
        "leaving", "On the edge of leaving", "900.00", 60.0, 0.35)
    assert (alpha["r_score"], alpha["f_score"], alpha["m_score"], alpha["as_of"]) == (4, 3, 5, "2026-11-30")
    assert alpha["last_purchase_on"] == "2026-05-02" and alpha["currency"] == "CNY" and "strategy" not in alpha


@pytest.mark.parametrize("user, query, expected", [
    ("admin", "abc_class=A", {"n1_alpha", "n1_beta", "n2", "s1"}),
    ("admin", "abc_class=A&layer=leaving", {"n1_alpha", "s1"}),
    ("rep_n1", "abc_class=A", {"n1_alpha", "n1_beta"}),
    ("rep_n1", "segment=champions", {"n1_beta", "s1_shared"}),
    ("manager_north", "abc_class=C", {"north_mgr"}),
    ("manager_north", "segment=at_risk", {"n1_alpha"}),
    ("rep_n2", "", {"n2"}),
    ("executive", "layer=onlooker", {"house"}),
])
def test_filters_within_sight(computed, api_client, user, query, expected):
    items = api_client("acme", user).get(f"{URL}?{query}").get_json()["items"]
    assert set(keys_of(computed, items)) == expected


@pytest.mark.parametrize("query, field", [
    ("abc_class=D", "abc_class"), ("layer=gold", "layer"), ("segment=vip", "segment"), ("sort=name", "sort"),
    ("limit=500", "limit"),
])
def test_bad_filters_are_field_errors(computed, api_client, query, field):
    response = api_client("acme", "rep_n1").get(f"{URL}?{query}")
    assert response.status_code == 422 and list(response.get_json()["error"]["fields"]) == [field]


@pytest.mark.parametrize("cursor", ["garbage", "WzEsMl0", "WyIxLjIzNCIsIDFd", "WyJOYU4iLCAxXQ", "W251bGwsIDFd"])
def test_a_cursor_not_made_here_is_a_400(computed, api_client, cursor):
    # [1,2] with a money sort; "1.234" (three places); "NaN"; null where revenue has no nulls.
    response = api_client("acme", "admin").get(f"{URL}?sort=-revenue&cursor={cursor}")
    assert response.status_code == 400


def test_a_segment_of_the_workspaces_own_rules(computed, api_client, enable_plugin):
    enable_plugin("acme", "customer_insights", settings={"segments": "best: R5\nrest: R1-4"})
    assert api_client("acme", "admin").get(f"{URL}?segment=best").status_code == 200
    assert api_client("acme", "admin").get(f"{URL}?segment=other").status_code == 200
    assert api_client("acme", "admin").get(f"{URL}?segment=champions").status_code == 422


def test_one_customer_with_its_strategy(computed, api_client, enable_plugin):
    alpha = computed.acme.customers["n1_alpha"].id
    found = api_client("acme", "rep_n1").get(f"{URL}/{alpha}").get_json()
    assert found["layer"] == "leaving" and found["strategy"].startswith("Act now: call them")
    enable_plugin("acme", "customer_insights", settings={"strategy_leaving": "Call within a week."})
    assert api_client("acme", "rep_n1").get(f"{URL}/{alpha}").get_json()["strategy"] == "Call within a week."


def test_one_customer_out_of_sight_or_of_another_workspace_is_a_404(computed, api_client):
    acme, globex = computed.acme.customers, computed.globex.customers
    rep = api_client("acme", "rep_n1")
    assert rep.get(f"{URL}/{acme['s1'].id}").status_code == 404
    assert rep.get(f"{URL}/{acme['s1_shared'].id}").status_code == 200  # shared with rep_n1
    assert api_client("acme", "admin").get(f"{URL}/{globex['n1_alpha'].id}").status_code == 404
    assert api_client("acme", "rep_n2").get(f"{URL}/{acme['n1_alpha'].id}").status_code == 404


def test_a_customer_not_computed_yet(insights, tenant_session, api_client):
    add_scores(tenant_session, insights, figures={})
    found = api_client("acme", "admin").get(f"{URL}/{insights.acme.customers['house'].id}").get_json()
    assert found["computed"] is False and found["layer"] is None and found["strategy"] is None
    assert found["name"] == "Eta Holdings" and found["clv"] is None
    assert api_client("acme", "admin").get(URL).get_json() == {"items": [], "next_cursor": None}


def test_globex_lists_its_own(computed, api_client):
    items = api_client("globex", "admin").get(URL).get_json()["items"]
    assert len(items) == 7 and {item["layer"] for item in items} == {"lost"}
    assert {item["customer_id"] for item in items} == {c.id for c in computed.globex.customers.values()}
