"""The dashboard API: the caller's available widgets and layout, choosing and ordering, errors, tenants apart."""
from crm_platform.testing.cross_tenant import tenant_rows, walk_blueprints

from test_dashboard_pages import CORE, widget_order


def keys(body, shown_only=False):
    """The widget keys of a GET /dashboard answer, in order."""
    return [widget["key"] for widget in body["widgets"] if widget["shown"] or not shown_only]


def test_the_default_dashboard(world, api_client):
    body = api_client("acme", "rep_n1").get("/api/v1/dashboard").get_json()
    assert body["customized"] is False
    assert [(w["key"], w["shown"], w["position"], w["default"]) for w in body["widgets"]] == [
        ("core.announcements", True, 1, True), ("core.reminders", True, 2, True),
        ("core.recent_customers", True, 3, True)]
    assert body["widgets"][1]["title"] == "Today's reminders" and body["widgets"][2]["description"]


def test_choosing_ordering_and_resetting(world, api_client, page_client):
    api = api_client("acme", "rep_n1")
    answer = api.put("/api/v1/dashboard/layout", json={"widgets": ["core.recent_customers"]})
    assert answer.status_code == 200 and answer.get_json()["customized"] is True
    assert [(w["key"], w["shown"], w["position"]) for w in answer.get_json()["widgets"]] == [
        ("core.recent_customers", True, 1), ("core.announcements", False, None), ("core.reminders", False, None)]
    assert widget_order(page_client("acme", "rep_n1").get("/dashboard/").get_data(as_text=True)) == [
        "core.recent_customers"]
    answer = api.put("/api/v1/dashboard/layout", json={"widgets": CORE[::-1]})
    assert keys(answer.get_json(), shown_only=True) == CORE[::-1]
    assert keys(api.put("/api/v1/dashboard/layout", json={"widgets": []}).get_json(), shown_only=True) == []
    reset = api.delete("/api/v1/dashboard/layout")
    assert reset.status_code == 200 and reset.get_json()["customized"] is False
    assert keys(reset.get_json(), shown_only=True) == CORE


def test_an_unknown_key_is_a_422_that_names_it_and_changes_nothing(world, api_client):
    api = api_client("acme", "rep_n1")
    api.put("/api/v1/dashboard/layout", json={"widgets": ["core.reminders"]})
    answer = api.put("/api/v1/dashboard/layout", json={"widgets": ["core.recent_customers", "sales.nothing"]})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["message"] == "No widget sales.nothing is available to you."
    assert answer.get_json()["error"]["fields"] == {"widgets": ["No widget sales.nothing is available to you."]}
    twice = api.put("/api/v1/dashboard/layout", json={"widgets": ["core.reminders", "core.recent_customers",
                                                                  "core.reminders"]})
    assert twice.status_code == 422 and twice.get_json()["error"]["message"] == (
        "Each widget may be listed once: core.reminders is listed more than once.")
    for bad in ({}, {"widgets": "core.reminders"}, {"widgets": [""]}, {"widgets": [1]}, {"widgets": ["x"] * 101}):
        assert api.put("/api/v1/dashboard/layout", json=bad).status_code == 422, bad
    assert keys(api.get("/api/v1/dashboard").get_json(), shown_only=True) == ["core.reminders"]


def test_it_needs_a_signed_in_caller(client):
    assert client.get("/api/v1/dashboard").status_code == 401
    assert client.put("/api/v1/dashboard/layout", json={"widgets": []}).status_code == 401
    assert client.delete("/api/v1/dashboard/layout").status_code == 401


def test_it_is_in_the_openapi_document(app, client):
    spec = client.get("/api/openapi.json").get_json()
    assert set(spec["paths"]["/api/v1/dashboard"]) == {"get"}
    assert set(spec["paths"]["/api/v1/dashboard/layout"]) == {"put", "delete"}
    assert {"Dashboard", "DashboardWidget", "DashboardLayout"} <= set(spec["components"]["schemas"])


def test_another_workspace_is_out_of_reach(app, world, api_client, page_client):
    clients = {"api": api_client("acme", "admin"), "page": page_client("acme", "admin")}
    ids = {tenant.slug: tenant.route_ids() for tenant in world.tenants}
    # The dashboard's routes take no ids: the walk finds nothing to leak by id...
    assert walk_blueprints(app, world, clients, {"dashboard", "dashboard_api"}, ids, {}) == 0
    # ...and the layout a caller writes is their workspace's only.
    api_client("globex", "admin").put("/api/v1/dashboard/layout", json={"widgets": ["core.recent_customers"]})
    before = tenant_rows(app, world.globex.id)
    clients["api"].put("/api/v1/dashboard/layout", json={"widgets": CORE[::-1]})
    clients["api"].delete("/api/v1/dashboard/layout")
    clients["page"].post("/dashboard/customize", data={"order": CORE, "shown": ["core.reminders"]})
    clients["page"].post("/dashboard/customize/reset")
    assert tenant_rows(app, world.globex.id) == before
    assert keys(api_client("globex", "admin").get("/api/v1/dashboard").get_json(), shown_only=True) == [
        "core.recent_customers"]
