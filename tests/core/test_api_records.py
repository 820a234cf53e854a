"""What hangs off a customer: contacts, contact records (activities) and shares."""
import pytest
from sqlalchemy import func, select

from crm_platform.models import Activity, Contact, CustomerShare


def pages(client, url, limit=2):
    items, cursor = [], None
    while True:
        response = client.get(url, query_string={"limit": limit, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.json
        items += response.json["items"]
        cursor = response.json["next_cursor"]
        if cursor is None:
            return items


def count(tenant_session, world, model, **where):
    with tenant_session(world.acme) as session:
        stmt = select(func.count(model.id))
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return session.scalar(stmt)


def test_contacts_crud(world, api_client):
    rep = api_client("acme", "rep_n1")
    cid = world.acme.customers["n1_alpha"].id
    base = f"/api/v1/customers/{cid}/contacts"
    created = []
    for i in range(3):
        response = rep.post(base, json={"name": f"Person {i}", "title": "Buyer", "email": f"p{i}@alpha.test"})
        assert response.status_code == 201, response.json
        assert response.json["customer_id"] == cid
        created.append(response.json)
    listed = pages(rep, base)
    # In creation order (ids are random: opaque_ids.py).
    assert [c["id"] for c in listed] == [world.acme.contacts["n1_alpha"].id] + [c["id"] for c in created]
    url = f"{base}/{created[0]['id']}"
    assert rep.get(url).json == created[0]
    response = rep.patch(url, json={"phone": "+1 201 555 0000", "title": None})
    assert response.status_code == 200
    assert (response.json["phone"], response.json["title"], response.json["name"]) == ("+1 201 555 0000", None, "Person 0")
    assert rep.delete(url).status_code == 204
    assert rep.get(url).status_code == 404
    assert len(pages(rep, base)) == 3


@pytest.mark.parametrize("body, fields", [
    ({}, {"name"}), ({"name": ""}, {"name"}), ({"name": "Ok", "email": "nope"}, {"email"}),
    ({"name": "Ok", "customer_id": 1}, {"customer_id"}), ({"name": "Ok", "tenant_id": 2}, {"tenant_id"}),
    ({"name": "x" * 201, "title": "t" * 101}, {"name", "title"}),
])
def test_bad_contact_input_is_422_and_writes_nothing(world, api_client, tenant_session, body, fields):
    before = count(tenant_session, world, Contact)
    cid = world.acme.customers["n1_alpha"].id
    response = api_client("acme", "rep_n1").post(f"/api/v1/customers/{cid}/contacts", json=body)
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == fields
    assert count(tenant_session, world, Contact) == before


def test_moving_a_contact_to_another_customer_is_not_possible(world, api_client, tenant_session):
    acme = world.acme
    url = f"/api/v1/customers/{acme.customers['n1_alpha'].id}/contacts/{acme.contacts['n1_alpha'].id}"
    response = api_client("acme", "admin").patch(url, json={"customer_id": acme.customers["s1"].id})
    assert response.status_code == 422
    assert count(tenant_session, world, Contact, customer_id=acme.customers["n1_alpha"].id) == 1


def test_activities_are_logged_by_the_caller_and_listed_newest_first(world, api_client):
    rep = api_client("acme", "rep_n1")
    base = f"/api/v1/customers/{world.acme.customers['n1_beta'].id}/activities"
    ids = []
    for kind in ("visit", "email", "meeting"):
        response = rep.post(base, json={"kind": kind, "occurred_at": "2026-03-01T09:30:00", "subject": kind})
        assert response.status_code == 201, response.json
        assert response.json["user"]["id"] == world.acme.users["rep_n1"].id
        assert response.json["occurred_at"] == "2026-03-01T09:30:00+00:00"
        ids.append(response.json["id"])
    response = rep.post(base, json={"kind": "call", "occurred_at": "2026-03-01T09:30:00+08:00"})
    assert response.json["occurred_at"] == "2026-03-01T01:30:00+00:00"
    ids.append(response.json["id"])
    listed = [a["id"] for a in pages(rep, base)]
    assert listed == ids[::-1] + [world.acme.activities["n1_beta"].id]  # newest first (ids are random)


@pytest.mark.parametrize("body, fields", [
    ({}, {"kind", "occurred_at"}), ({"kind": "fax", "occurred_at": "2026-01-01T00:00:00Z"}, {"kind"}),
    ({"kind": "call", "occurred_at": "soon"}, {"occurred_at"}),
    ({"kind": "call", "occurred_at": "2026-01-01T00:00:00Z", "user_id": 1}, {"user_id"}),
])
def test_bad_activity_input_is_422_and_writes_nothing(world, api_client, tenant_session, body, fields):
    before = count(tenant_session, world, Activity)
    cid = world.acme.customers["n1_alpha"].id
    response = api_client("acme", "rep_n1").post(f"/api/v1/customers/{cid}/activities", json=body)
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == fields
    assert count(tenant_session, world, Activity) == before


@pytest.mark.parametrize("actor, allowed", [("rep_s1", True), ("rep_n1", False), ("manager_south", True),
                                            ("admin", True)])
def test_only_the_author_or_a_manager_edits_or_deletes_an_activity(world, api_client, tenant_session, actor, allowed):
    # s1_shared belongs to rep_s1 (the activity's author) and is shared with rep_n1.
    acme = world.acme
    url = f"/api/v1/customers/{acme.customers['s1_shared'].id}/activities/{acme.activities['s1_shared'].id}"
    client = api_client("acme", actor)
    assert client.get(url).status_code == 200
    response = client.patch(url, json={"outcome": "Edited"})
    assert response.status_code == (200 if allowed else 403)
    assert (api_client("acme", "admin").get(url).json["outcome"] == "Edited") == allowed
    assert client.delete(url).status_code == (204 if allowed else 403)
    assert count(tenant_session, world, Activity, id=acme.activities["s1_shared"].id) == (0 if allowed else 1)


def test_shares_list_create_and_remove(world, api_client, tenant_session):
    acme = world.acme
    owner = api_client("acme", "rep_s1")
    base = f"/api/v1/customers/{acme.customers['s1'].id}/shares"
    assert owner.get(base).json == {"items": [], "next_cursor": None}
    for _ in range(2):
        response = owner.post(base, json={"user_id": acme.users["rep_n2"].id})
        assert response.status_code == 201
        assert response.json["user"]["id"] == acme.users["rep_n2"].id
    assert count(tenant_session, world, CustomerShare, customer_id=acme.customers["s1"].id) == 1
    assert [s["user_id"] for s in owner.get(base).json["items"]] == [acme.users["rep_n2"].id]
    assert owner.delete(f"{base}/{acme.users['rep_n2'].id}").status_code == 204
    assert owner.delete(f"{base}/{acme.users['rep_n2'].id}").status_code == 404
    assert owner.get(base).json["items"] == []


@pytest.mark.parametrize("target", ["other-tenant", "deactivated", "missing"])
def test_shares_only_with_active_users_of_this_tenant(world, api_client, tenant_session, target):
    acme = world.acme
    admin = api_client("acme", "admin")
    if target == "deactivated":
        admin.delete(f"/api/v1/users/{acme.users['rep_n2'].id}")
    user_id = {"other-tenant": world.globex.users["rep_n2"].id, "deactivated": acme.users["rep_n2"].id,
               "missing": 999_999}[target]
    before = count(tenant_session, world, CustomerShare)
    response = admin.post(f"/api/v1/customers/{acme.customers['s1'].id}/shares", json={"user_id": user_id})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["user_id"]
    assert count(tenant_session, world, CustomerShare) == before


def test_a_viewer_through_a_share_cannot_reshare_or_unshare(world, api_client, tenant_session):
    acme = world.acme
    viewer = api_client("acme", "rep_n1")
    base = f"/api/v1/customers/{acme.customers['s1_shared'].id}/shares"
    assert viewer.post(base, json={"user_id": acme.users["rep_n2"].id}).status_code == 403
    assert viewer.delete(f"{base}/{acme.users['rep_n1'].id}").status_code == 403
    assert count(tenant_session, world, CustomerShare) == 1
    assert api_client("acme", "manager_south").delete(f"{base}/{acme.users['rep_n1'].id}").status_code == 204
    assert viewer.get(f"/api/v1/customers/{acme.customers['s1_shared'].id}").status_code == 404


def test_deleting_a_customer_deletes_its_records(world, api_client, tenant_session):
    cid = world.acme.customers["s1_shared"].id
    assert api_client("acme", "admin").delete(f"/api/v1/customers/{cid}").status_code == 204
    for model in (Contact, Activity, CustomerShare):
        assert count(tenant_session, world, model, customer_id=cid) == 0
    with tenant_session(world.globex) as session:
        assert session.scalar(select(func.count(Contact.id))) == len(world.globex.contacts)
