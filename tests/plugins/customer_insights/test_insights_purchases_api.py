"""The purchases API: who sees which purchases, who records and deletes them, refused input, keyset pages, numbers."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from insights_purchases_kit import add_purchase, set_number, stored_purchases

from crm_platform.sdk import tenant_scope, workspace_today

API = "/api/v1/insights"


@pytest.fixture
def history(insights, tenant_session):
    """One purchase of each acme customer, on 2026-03-01 plus the customer's position (n1_alpha the 1st)."""
    keys = ("n1_alpha", "n1_beta", "n2", "s1", "s1_shared", "north_mgr", "house")
    return {key: add_purchase(insights, tenant_session, key, day=date(2026, 3, position), amount=f"{position}0.00")
            for position, key in enumerate(keys, start=1)}


def listed(client, query=""):
    """The ids of every purchase the client lists (all pages)."""
    found, cursor = [], None
    while True:
        page = client.get(f"{API}/purchases?limit=2{query}" + (f"&cursor={cursor}" if cursor else "")).json
        found += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            return found


def test_each_role_lists_the_purchases_of_the_customers_it_sees(history, api_client):
    expected = {
        "rep_n1": ["s1_shared", "n1_beta", "n1_alpha"],  # own customers and the one shared with them
        "rep_n2": ["n2"],
        "manager_north": ["north_mgr", "n2", "n1_beta", "n1_alpha"],  # the north unit and below
        "manager_south": ["s1_shared", "s1"],
        "executive": ["house", "north_mgr", "s1_shared", "s1", "n2", "n1_beta", "n1_alpha"],
    }
    for user, keys in expected.items():
        assert listed(api_client("acme", user)) == [history[key] for key in keys], user


def test_filters_by_customer_and_days_and_one_purchase_of_an_invisible_customer_is_missing(history, insights,
                                                                                          api_client):
    client = api_client("acme", "manager_north")
    alpha = insights.acme.customers["n1_alpha"].id
    assert listed(client, f"&customer_id={alpha}") == [history["n1_alpha"]]
    assert listed(client, "&from=2026-03-02&to=2026-03-03") == [history["n2"], history["n1_beta"]]
    assert listed(client, "&from=2026-03-04&to=2026-03-01") == []
    one = client.get(f"{API}/purchases/{history['n1_alpha']}").json
    assert (one["amount"], one["currency"], one["purchased_on"], one["source"]) == ("10.00", "CNY", "2026-03-01",
                                                                                    "api")
    hidden = client.get(f"{API}/purchases/{history['s1']}")
    missing = client.get(f"{API}/purchases/999999")
    assert hidden.status_code == missing.status_code == 404 and hidden.json == missing.json
    assert client.get(f"{API}/purchases?from=March").status_code == 422
    assert client.get(f"{API}/purchases?cursor=nonsense").status_code == 400


def test_recording_needs_the_permission_and_a_visible_customer(insights, api_client, tenant_session, app):
    alpha, delta = (insights.acme.customers[key].id for key in ("n1_alpha", "s1"))
    rep = api_client("acme", "rep_n1")
    refused = rep.post(f"{API}/purchases", json={"customer_id": alpha, "amount": "10"})
    assert refused.status_code == 403 and refused.json["error"]["message"]
    manager = api_client("acme", "manager_north")
    assert manager.post(f"{API}/purchases", json={"customer_id": delta, "amount": "10"}).status_code == 404

    added = manager.post(f"{API}/purchases", json={"customer_id": alpha, "amount": "1234.5", "quantity": "2.5",
                                                   "product": "泵", "order_number": "SO-1", "currency": "usd"})

    assert added.status_code == 201, added.json
    with app.test_request_context(), tenant_scope(insights.acme.id):
        today = workspace_today()
    assert (added.json["amount"], added.json["currency"], added.json["purchased_on"], added.json["quantity"]) == (
        "1234.50", "USD", today.isoformat(), "2.500")
    defaulted = manager.post(f"{API}/purchases", json={"customer_id": alpha, "amount": "1", "purchased_on": None})
    assert (defaulted.json["currency"], defaulted.json["source"]) == ("CNY", "api")
    assert len(stored_purchases(tenant_session)) == 2


@pytest.mark.parametrize("body, field", [
    ({"amount": "0"}, "amount"),
    ({"amount": "-5"}, "amount"),
    ({"amount": "1.234"}, "amount"),
    ({"amount": "abc"}, "amount"),
    ({"amount": "NaN"}, "amount"),
    ({"amount": "10000000000000"}, "amount"),
    ({}, "amount"),
    ({"amount": "1", "currency": "RMB"}, "currency"),
    ({"amount": "1", "currency": "US"}, "currency"),
    ({"amount": "1", "quantity": "0"}, "quantity"),
    ({"amount": "1", "quantity": "1.2345"}, "quantity"),
    ({"amount": "1", "purchased_on": "tomorrow"}, "purchased_on"),
    ({"amount": "1", "purchased_on": "FUTURE"}, "purchased_on"),
    ({"amount": "1", "product": "x" * 201}, "product"),
    ({"amount": "1", "order_number": "x" * 101}, "order_number"),
    ({"amount": "1", "customer_id": "one"}, "customer_id"),
])
def test_bad_input_is_a_field_error_and_writes_nothing(insights, api_client, tenant_session, body, field):
    body = {"customer_id": insights.acme.customers["n1_alpha"].id, **body}
    if body.get("purchased_on") == "FUTURE":
        body["purchased_on"] = (date.today() + timedelta(days=2)).isoformat()

    answer = api_client("acme", "manager_north").post(f"{API}/purchases", json=body)

    assert answer.status_code == 422
    assert answer.json["error"]["fields"][field] and answer.json["error"]["message"]
    assert stored_purchases(tenant_session) == []


def test_deleting_needs_the_permission(history, api_client, tenant_session):
    url = f"{API}/purchases/{history['n1_alpha']}"
    assert api_client("acme", "rep_n1").delete(url).status_code == 403
    assert api_client("acme", "manager_south").delete(url).status_code == 404
    assert api_client("acme", "manager_north").delete(url).status_code == 204
    assert api_client("acme", "manager_north").get(url).status_code == 404
    assert Decimal("10.00") not in {row[2] for row in stored_purchases(tenant_session)}


def test_the_external_number_is_read_by_who_sees_and_set_by_who_manages(insights, api_client):
    customers = insights.acme.customers
    url = f"{API}/customers/{customers['n1_alpha'].id}/number"
    rep = api_client("acme", "rep_n1")
    assert rep.get(url).json == {"customer_id": customers["n1_alpha"].id, "number": None}

    assert rep.put(url, json={"number": "  ERP-7 "}).json["number"] == "ERP-7"

    assert api_client("acme", "manager_north").get(url).json["number"] == "ERP-7"
    assert api_client("acme", "rep_n2").get(url).status_code == 404
    # rep_n1 sees Epsilon through a share but may not change it.
    shared = f"{API}/customers/{customers['s1_shared'].id}/number"
    assert rep.put(shared, json={"number": "ERP-8"}).status_code == 403
    assert rep.delete(shared).status_code == 403
    for bad in ({"number": ""}, {"number": "x" * 65}, {}):
        assert rep.put(url, json=bad).status_code == 422
    assert rep.get(url).json["number"] == "ERP-7"


def test_a_taken_number_is_a_conflict_naming_the_holder_only_to_who_sees_it(insights, api_client, tenant_session):
    customers = insights.acme.customers
    set_number(insights, tenant_session, "n1_alpha", "ERP-1")
    set_number(insights, tenant_session, "n1_beta", "ERP-2")

    seen = api_client("acme", "manager_north").put(f"{API}/customers/{customers['n2'].id}/number",
                                                   json={"number": "ERP-1"})
    unseen = api_client("acme", "manager_south").put(f"{API}/customers/{customers['s1'].id}/number",
                                                     json={"number": "ERP-1"})

    assert seen.status_code == unseen.status_code == 409
    assert "Alpha Trading" in seen.json["error"]["message"]
    assert "Alpha Trading" not in unseen.json["error"]["message"]
    # Renumbering a customer and removing its number; removing none is no error.
    rep = api_client("acme", "rep_n1")
    beta = f"{API}/customers/{customers['n1_beta'].id}/number"
    assert rep.put(beta, json={"number": "ERP-3"}).json["number"] == "ERP-3"
    assert rep.delete(beta).status_code == 204 and rep.delete(beta).status_code == 204
    assert rep.get(beta).json["number"] is None
    assert api_client("acme", "manager_north").put(f"{API}/customers/{customers['n2'].id}/number",
                                                   json={"number": "ERP-2"}).status_code == 200


def test_the_api_is_in_the_openapi_document(insights, client):
    document = client.get("/api/openapi.json").json
    assert {"/api/v1/insights/purchases", "/api/v1/insights/purchases/{purchase_id}",
            "/api/v1/insights/customers/{customer_id}/number"} <= set(document["paths"])
    assert {"InsightsPurchase", "InsightsPurchaseInput", "InsightsPurchasePage", "InsightsCustomerNumber",
            "InsightsCustomerNumberInput"} <= set(document["components"]["schemas"])
