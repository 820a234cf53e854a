"""Tag changes and shares are in the audit trail (tags are a customer field; shares grant visibility)."""


def _entries(admin, **filters):
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    return admin.get(f"/api/v1/audit?{query}").json["items"]


def test_tag_changes_are_audited_on_the_customer(world, api_client):
    admin = api_client("acme", "admin")
    created = admin.post("/api/v1/customers", json={"name": "Tagged", "tags": ["b", "a"]}).json
    (create,) = _entries(admin, entity="customer", entity_id=created["id"])
    assert create["changes"]["tags"] == ["a", "b"]

    assert admin.patch(f"/api/v1/customers/{created['id']}", json={"tags": ["a", "vip"]}).status_code == 200
    update = _entries(admin, entity="customer", entity_id=created["id"])[0]
    assert update["action"] == "update"
    assert update["changes"] == {"tags": [["a", "b"], ["a", "vip"]]}

    # Setting the same tags again records nothing.
    admin.patch(f"/api/v1/customers/{created['id']}", json={"tags": ["vip", "a"]})
    assert len(_entries(admin, entity="customer", entity_id=created["id"])) == 2


def test_shares_are_audited(world, api_client):
    admin = api_client("acme", "admin")
    customer = admin.post("/api/v1/customers", json={"name": "Shared"}).json
    rep = world.acme.users["rep_s1"].id
    assert admin.post(f"/api/v1/customers/{customer['id']}/shares", json={"user_id": rep}).status_code == 201
    assert admin.delete(f"/api/v1/customers/{customer['id']}/shares/{rep}").status_code == 204
    actions = [(e["action"], e["changes"].get("user_id")) for e in _entries(admin, entity="customer_share")]
    assert actions[:2] == [("delete", rep), ("create", rep)]
