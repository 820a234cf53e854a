"""Customer API: create, read, update, delete, owner rules, list filters, sorting, cursors, errors."""
import base64
import json
from datetime import datetime

import pytest
from sqlalchemy import func, select

from crm_platform.models import AuditEntry, Customer, CustomerTag
from crm_platform.testing import MISSING_ID


def cursor_of(values):
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def all_pages(client, limit=3, **params):
    """Every item of the list, page after page, in order."""
    items, cursor = [], None
    for _ in range(1000):
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = client.get("/api/v1/customers", query_string=query)
        assert response.status_code == 200, response.json
        assert len(response.json["items"]) <= limit
        items += response.json["items"]
        cursor = response.json["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("the cursor never ended")


def names(items):
    return sorted(item["name"] for item in items)


def row_counts(tenant_session, world):
    with tenant_session(world.acme) as session:
        return (session.scalar(select(func.count(Customer.id))), session.scalar(select(func.count(CustomerTag.id))),
                session.scalar(select(func.count(AuditEntry.id))))


def test_create_read_update_delete(world, api_client):
    rep, manager = api_client("acme", "rep_n1"), api_client("acme", "manager_north")
    response = rep.post("/api/v1/customers", json={
        "name": "  Omega Labs ", "kind": "person", "region": "North", "status": "signed", "level": "effective",
        "phone": "+1 201 555 0199", "email": "hello@omega.test", "address": "1 Main St", "notes": "Met at fair",
        "care_date": "1990-04-01", "tags": ["vip", "fair", "vip", " "]})
    assert response.status_code == 201, response.json
    created = response.json
    assert created["name"] == "Omega Labs"
    assert created["owner_id"] == world.acme.users["rep_n1"].id
    assert created["owner"]["email"] == "rep_n1@example.test"
    assert created["tags"] == ["fair", "vip"]
    assert created["care_date"] == "1990-04-01"
    url = f"/api/v1/customers/{created['id']}"
    assert rep.get(url).json == created
    response = rep.patch(url, json={"status": "terminated", "tags": ["export"], "notes": None})
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["tags"], response.json["notes"]) == ("terminated", ["export"], None)
    assert response.json["name"] == "Omega Labs" and response.json["region"] == "North"
    assert datetime.fromisoformat(response.json["updated_at"]) >= datetime.fromisoformat(created["updated_at"])
    assert rep.delete(url).status_code == 403
    assert rep.get(url).status_code == 200
    assert manager.delete(url).status_code == 204
    assert rep.get(url).status_code == 404
    assert manager.delete(url).status_code == 404


def test_defaults_when_fields_are_left_out(world, api_client):
    response = api_client("acme", "rep_n2").post("/api/v1/customers", json={"name": "Plain"})
    assert response.status_code == 201
    assert {k: response.json[k] for k in ("kind", "status", "level", "tags", "email", "owner_id")} == {
        "kind": "company", "status": "following", "level": "potential", "tags": [], "email": None,
        "owner_id": world.acme.users["rep_n2"].id}


@pytest.mark.parametrize("actor, owner, allowed", [
    ("rep_n1", "rep_n1", True), ("rep_n1", "rep_n2", False), ("rep_n1", "manager_north", False),
    ("manager_north", "rep_n1", True), ("manager_north", "rep_n2", True), ("manager_north", "rep_s1", False),
    ("manager_north", "admin", False), ("manager_south", "rep_n1", False),
    ("executive", "rep_s1", True), ("admin", "rep_n1", True), ("admin", "manager_south", True),
])
def test_who_may_own_a_new_customer(world, api_client, tenant_session, actor, owner, allowed):
    before = row_counts(tenant_session, world)
    response = api_client("acme", actor).post("/api/v1/customers",
                                              json={"name": "Assigned", "owner_id": world.acme.users[owner].id})
    if allowed:
        assert response.status_code == 201 and response.json["owner_id"] == world.acme.users[owner].id
    else:
        assert response.status_code == 422 and "owner_id" in response.json["error"]["fields"]
        assert row_counts(tenant_session, world) == before


@pytest.mark.parametrize("owner", ["other-tenant", "missing", "deactivated"])
def test_owner_must_be_an_active_user_of_this_tenant(world, api_client, tenant_session, owner):
    admin = api_client("acme", "admin")
    if owner == "deactivated":
        assert admin.delete(f"/api/v1/users/{world.acme.users['rep_n2'].id}").status_code == 204
    owner_id = {"other-tenant": world.globex.users["rep_n1"].id, "missing": MISSING_ID,
                "deactivated": world.acme.users["rep_n2"].id}[owner]
    before = row_counts(tenant_session, world)
    response = admin.post("/api/v1/customers", json={"name": "Nobody's", "owner_id": owner_id})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["owner_id"]
    assert row_counts(tenant_session, world) == before


@pytest.mark.parametrize("actor, customer, new_owner, status", [
    ("rep_n1", "n1_alpha", "rep_n2", 403), ("rep_n1", "n1_alpha", "rep_n1", 200),
    ("manager_north", "n1_alpha", "rep_n2", 200), ("manager_north", "n1_alpha", "rep_s1", 422),
    ("manager_north", "s1", "rep_n1", 404), ("manager_south", "s1", "manager_south", 200),
    ("admin", "s1", "rep_n1", 200), ("executive", "house", "rep_s1", 200),
])
def test_reassign_rules(world, api_client, actor, customer, new_owner, status):
    client = api_client("acme", actor)
    cid, owner_id = world.acme.customers[customer].id, world.acme.users[new_owner].id
    response = client.post(f"/api/v1/customers/{cid}/reassign", json={"owner_id": owner_id})
    assert response.status_code == status, response.json
    current = api_client("acme", "admin").get(f"/api/v1/customers/{cid}").json["owner_id"]
    expected = owner_id if status == 200 else world.acme.users[world.acme.customers[customer].owner].id
    assert current == expected


def test_patch_owner_follows_the_reassign_rules(world, api_client):
    cid = world.acme.customers["n1_alpha"].id
    response = api_client("acme", "rep_n1").patch(f"/api/v1/customers/{cid}",
                                                  json={"owner_id": world.acme.users["rep_n2"].id, "name": "Taken"})
    assert response.status_code == 403
    assert api_client("acme", "rep_n1").get(f"/api/v1/customers/{cid}").json["name"] == "Alpha Trading"
    response = api_client("acme", "manager_north").patch(
        f"/api/v1/customers/{cid}", json={"owner_id": world.acme.users["rep_n2"].id})
    assert response.status_code == 200
    assert api_client("acme", "rep_n1").get(f"/api/v1/customers/{cid}").status_code == 404
    assert api_client("acme", "rep_n2").get(f"/api/v1/customers/{cid}").status_code == 200
    assert api_client("acme", "rep_n1").post(f"/api/v1/customers/{cid}/reassign",
                                             json={"owner_id": world.acme.users["rep_n1"].id}).status_code == 404


@pytest.mark.parametrize("params, expected", [
    ({"q": "alpha"}, {"Alpha Trading"}),
    ({"q": "0101"}, {"Alpha Trading"}),
    ({"q": "BUY@ALPHA"}, {"Alpha Trading"}),
    ({"q": "%"}, set()),
    ({"q": "alph_"}, set()),  # not a LIKE wildcard (a bare "_" finds the fixtures' contacts' emails)
    ({"status": "signed"}, {"Alpha Trading", "Delta Shipping", "Eta Holdings"}),
    ({"level": "intention"}, {"Gamma Tools"}),
    ({"region": "South"}, {"Delta Shipping", "Epsilon Media"}),
    ({"tag": "vip"}, {"Alpha Trading", "Gamma Tools"}),
    ({"tag": "vip", "status": "signed"}, {"Alpha Trading"}),
    ({"owner_id": "rep_n1"}, {"Alpha Trading", "Beta Foods"}),
    ({"org_unit_id": "north"}, {"Alpha Trading", "Beta Foods", "Gamma Tools", "Zeta Energy"}),
    ({"org_unit_id": "north1"}, {"Alpha Trading", "Beta Foods"}),
    ({"org_unit_id": "south", "q": "ship"}, {"Delta Shipping"}),
])
def test_list_filters(world, api_client, params, expected):
    acme = world.acme
    query = dict(params)
    if "owner_id" in query:
        query["owner_id"] = acme.users[query["owner_id"]].id
    if "org_unit_id" in query:
        query["org_unit_id"] = acme.units[query["org_unit_id"]].id
    admin = api_client("acme", "admin")
    assert set(names(all_pages(admin, **query))) == expected
    assert admin.get("/api/v1/customers/count", query_string=query).json == {"count": len(expected)}


def test_filters_by_another_tenants_ids_find_nothing(world, api_client):
    admin = api_client("acme", "admin")
    assert all_pages(admin, owner_id=world.globex.users["rep_n1"].id) == []
    assert all_pages(admin, org_unit_id=world.globex.units["company"].id) == []


def _add_customers(client, names_):
    for name in names_:
        # Same names on purpose: past the duplicate warning.
        assert client.post("/api/v1/customers", json={"name": name, "allow_duplicate": True}).status_code == 201


@pytest.mark.parametrize("sort", ["name", "-name", "created_at", "-created_at", "updated_at", "-updated_at"])
def test_sorting_and_cursor_pages_have_no_duplicates_or_gaps(world, api_client, sort):
    admin = api_client("acme", "admin")
    _add_customers(admin, ["Same name"] * 5 + ["aardvark", "Zulu", "mid"])
    everything = all_pages(admin, limit=200, sort=sort)
    assert len(everything) == len(world.acme.customers) + 8
    key = sort.lstrip("-")
    values = [(item[key] if key == "name" else datetime.fromisoformat(item[key]), item["id"]) for item in everything]
    assert values == sorted(values, reverse=sort.startswith("-"))
    for limit in (1, 2, 3, 7):
        paged = all_pages(admin, limit=limit, sort=sort)
        assert [item["id"] for item in paged] == [item["id"] for item in everything]


def test_cursor_is_stable_when_rows_are_added_between_pages(world, api_client):
    admin = api_client("acme", "admin")
    first = admin.get("/api/v1/customers", query_string={"limit": 3}).json
    _add_customers(admin, ["AAA first in order", "Beta Foods"])
    rest = all_pages(admin, limit=3, cursor=first["next_cursor"])
    seen = [item["id"] for item in first["items"] + rest]
    assert len(seen) == len(set(seen))
    assert {c.id for c in world.acme.customers.values()} <= set(seen)


def test_a_filter_keeps_applying_on_later_pages(world, api_client):
    items = all_pages(api_client("acme", "admin"), limit=1, region="North")
    assert {item["region"] for item in items} == {"North"} and len(items) == 4


@pytest.mark.parametrize("cursor", [
    "not-base64-!!", cursor_of({"a": 1}), cursor_of(["x"]), cursor_of(["x", 1, 2]), cursor_of([1, 1]),
    cursor_of(["x", "1"]), cursor_of(["x", True]), cursor_of(["x", 10**30]), cursor_of([None, 1]),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
])
def test_bad_cursor_is_400(world, api_client, cursor):
    response = api_client("acme", "admin").get("/api/v1/customers", query_string={"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json["error"]["message"]


def test_cursor_of_another_sort_is_400(world, api_client):
    admin = api_client("acme", "admin")
    cursor = admin.get("/api/v1/customers", query_string={"limit": 1, "sort": "name"}).json["next_cursor"]
    response = admin.get("/api/v1/customers", query_string={"cursor": cursor, "sort": "created_at"})
    assert response.status_code == 400


@pytest.mark.parametrize("query, field", [
    ({"limit": 0}, "limit"), ({"limit": 201}, "limit"), ({"limit": "many"}, "limit"), ({"sort": "owner"}, "sort"),
    ({"status": "lost"}, "status"), ({"level": "hot"}, "level"), ({"owner_id": "me"}, "owner_id"),
    ({"org_unit_id": 10**30}, "org_unit_id"),
])
def test_bad_list_parameters_are_422_per_field(world, api_client, query, field):
    response = api_client("acme", "admin").get("/api/v1/customers", query_string=query)
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]


@pytest.mark.parametrize("body, fields", [
    ({}, {"name"}),
    ({"name": ""}, {"name"}),
    ({"name": "   "}, {"name"}),
    ({"name": "x" * 201}, {"name"}),
    ({"name": 42}, {"name"}),
    ({"name": "Ok", "status": "lost", "level": "hot", "kind": "robot"}, {"status", "level", "kind"}),
    ({"name": "Ok", "email": "not-an-email", "care_date": "yesterday"}, {"email", "care_date"}),
    ({"name": "Ok", "tags": "vip"}, {"tags"}),
    ({"name": "Ok", "tags": ["x" * 51]}, {"tags"}),
    ({"name": "Ok", "tags": [f"t{i}" for i in range(31)]}, {"tags"}),
    ({"name": "Ok", "owner_id": "me"}, {"owner_id"}),
    ({"name": "Ok", "owner_id": 10**30}, {"owner_id"}),
    ({"name": "Ok", "id": 5, "created_at": "2020-01-01T00:00:00Z"}, {"id", "created_at"}),
    ({"name": "Ok", "tenant_id": 2}, {"tenant_id"}),
    ({"name": "Ok", "secret_flag": True}, {"secret_flag"}),
])
def test_bad_input_is_422_per_field_and_writes_nothing(world, api_client, tenant_session, body, fields):
    admin = api_client("acme", "admin")
    before = row_counts(tenant_session, world)
    response = admin.post("/api/v1/customers", json=body)
    assert response.status_code == 422, response.json
    assert set(response.json["error"]["fields"]) == fields
    assert all(isinstance(m, (list, dict)) for m in response.json["error"]["fields"].values())
    assert response.json["error"]["message"]
    cid = world.acme.customers["n1_alpha"].id
    patch = admin.patch(f"/api/v1/customers/{cid}", json={k: v for k, v in body.items() if k != "name"} or {"name": ""})
    assert patch.status_code == 422
    assert row_counts(tenant_session, world) == before
    assert admin.get(f"/api/v1/customers/{cid}").json["name"] == "Alpha Trading"


@pytest.mark.parametrize("kwargs, status", [
    ({"json": [1, 2]}, 422), ({"data": "{not json", "content_type": "application/json"}, 400),
    ({"json": "a string"}, 422),
    # No body at all: the document says the body is required, so it is a bad request,
    # not a body with bad fields.
    ({"json": None}, 400),
])
def test_malformed_bodies_are_4xx_json(world, api_client, kwargs, status):
    response = api_client("acme", "admin").post("/api/v1/customers", **kwargs)
    assert response.status_code == status
    assert set(response.json["error"]) == {"message", "fields"}


def test_huge_ids_are_missing_not_errors(world, api_client):
    admin = api_client("acme", "admin")
    for path in (f"/api/v1/customers/{10**30}", f"/api/v1/customers/{2**62}",
                 f"/api/v1/customers/{world.acme.customers['s1'].id}/contacts/{10**30}"):
        response = admin.get(path)
        assert response.status_code == 404, path
        assert set(response.json["error"]) == {"message", "fields"}


def test_unauthenticated_and_bad_tokens_are_401(world, client, app):
    from crm_platform.testing import bearer_client

    for c in (client, bearer_client(app, "crm_not-a-real-token"), bearer_client(app, "")):
        response = c.get("/api/v1/customers")
        assert response.status_code == 401
        assert set(response.json["error"]) == {"message", "fields"}
    assert client.post("/api/v1/customers", json={"name": "Anon"}).status_code == 401


def test_another_tenants_token_never_sees_this_tenant(world, api_client):
    globex_admin = api_client("globex", "admin")
    ids = {item["id"] for item in all_pages(globex_admin, limit=200)}
    assert ids == {c.id for c in world.globex.customers.values()}
    assert globex_admin.get("/api/v1/customers/count").json == {"count": len(world.globex.customers)}


def test_a_deleted_customers_id_is_never_reused(world, api_client):
    """An old link or audit history must never point at a different customer."""
    admin = api_client("acme", "admin")
    first = admin.post("/api/v1/customers", json={"name": "Gone soon"}).json["id"]
    assert admin.delete(f"/api/v1/customers/{first}").status_code == 204
    second = admin.post("/api/v1/customers", json={"name": "Newcomer"}).json["id"]
    # Ids are random (opaque_ids.py): a repeat is a 1 in 2**53 chance, not a counter's reuse.
    assert second != first
    assert admin.get(f"/api/v1/customers/{first}").status_code == 404
