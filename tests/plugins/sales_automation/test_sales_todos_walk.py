"""Every route of the to-dos feature, walked with the other workspace's ids: a 404 like a missing id, no write."""
from sales_walk import walk_feature


def test_every_todos_route_keeps_to_its_workspace(sales, app, api_client, page_client):
    ids = {}
    for tenant in ("acme", "globex"):
        made = api_client(tenant, "admin").post("/api/v1/sales/todos", json={
            "title": "Call back", "due_date": "2026-05-01", "customer_id": sales[tenant].customers["house"].id})
        assert made.status_code == 201, made.json
        ids[tenant] = {"todo_id": made.json["id"]}
    bodies = {
        "sales/todos": {"PATCH": {"title": "Changed"}},
        "sales/todos/done": {"POST": {"log_activity": {"kind": "call"}}},
        "sales/todos/edit": {"POST": {"title": "Changed", "due_date": "2026-05-02"}},
        "sales/todos/delete": {"POST": {}},
    }
    walked = walk_feature(app, sales, api_client, page_client, "todos", ids, bodies)
    assert walked == 6
