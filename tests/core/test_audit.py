"""The audit trail: who changed which fields, written with the change or not at all."""
import json

import pytest
from sqlalchemy import func, select

from crm_platform.extensions import db
from crm_platform.models import AuditEntry, Customer
from crm_platform.tenancy import tenant_scope
from crm_platform.testing import PASSWORD


def trail(client, **filters):
    """Every entry the client may read, newest first, through every page."""
    entries, cursor = [], None
    while True:
        query = {"limit": 2, **filters, **({"cursor": cursor} if cursor else {})}
        response = client.get("/api/v1/audit", query_string=query)
        assert response.status_code == 200, response.json
        entries += response.json["items"]
        cursor = response.json["next_cursor"]
        if not cursor:
            return entries


def only(entries, **match):
    found = [e for e in entries if all(e[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, entries)
    return found[0]


def test_customer_create_update_delete(world, api_client):
    admin, manager = api_client("acme", "admin"), api_client("acme", "manager_north")
    manager_id = world.acme.users["manager_north"].id
    created = manager.post("/api/v1/customers", json={"name": "Audited", "status": "signed",
                                                      "owner_id": world.acme.users["rep_n1"].id}).json
    manager.patch(f"/api/v1/customers/{created['id']}", json={"status": "terminated", "region": "North"})
    manager.delete(f"/api/v1/customers/{created['id']}")
    entries = trail(admin, entity="customer", entity_id=created["id"])
    assert [e["action"] for e in entries] == ["delete", "update", "create"]
    assert {e["actor_id"] for e in entries} == {manager_id}
    create, update, delete = entries[2], entries[1], entries[0]
    assert create["changes"]["name"] == "Audited" and create["changes"]["owner_id"] == world.acme.users["rep_n1"].id
    assert update["changes"] == {"status": ["signed", "terminated"], "region": [None, "North"]}
    assert delete["changes"]["status"] == "terminated" and delete["summary"] == "Audited"


def test_unchanged_values_make_no_entry(world, api_client):
    admin = api_client("acme", "admin")
    cid = world.acme.customers["n1_alpha"].id
    admin.patch(f"/api/v1/customers/{cid}", json={"status": "signed", "name": "Alpha Trading"})
    assert trail(admin, entity="customer", entity_id=cid) == []


def test_contact_create_update_delete(world, api_client):
    admin, rep = api_client("acme", "admin"), api_client("acme", "rep_n1")
    base = f"/api/v1/customers/{world.acme.customers['n1_alpha'].id}/contacts"
    contact = rep.post(base, json={"name": "Pat", "email": "pat@alpha.test"}).json
    rep.patch(f"{base}/{contact['id']}", json={"title": "CFO"})
    rep.delete(f"{base}/{contact['id']}")
    entries = trail(admin, entity="contact", entity_id=contact["id"])
    assert [e["action"] for e in entries] == ["delete", "update", "create"]
    assert entries[1]["changes"] == {"title": [None, "CFO"]}
    assert entries[2]["changes"]["email"] == "pat@alpha.test"
    assert {e["actor_id"] for e in entries} == {world.acme.users["rep_n1"].id}


def test_users_role_change_and_password_hashes(world, api_client, page_client):
    admin = api_client("acme", "admin")
    admin_id = world.acme.users["admin"].id
    user = admin.post("/api/v1/users", json={"name": "Aud Itor", "email": "auditor@example.test",
                                             "password": "first password", "role": "rep"}).json
    admin.patch(f"/api/v1/users/{user['id']}", json={"role": "manager", "org_unit_id": world.acme.units["south"].id})
    admin.patch(f"/api/v1/users/{user['id']}", json={"password": "second password"})
    rep = page_client("acme", "rep_n2")
    rep.post("/account/password", data={"current_password": PASSWORD, "new_password": "third password"})
    admin.delete(f"/api/v1/users/{user['id']}")
    entries = trail(admin, entity="user", entity_id=user["id"])
    assert [e["action"] for e in entries] == ["update", "update", "create"]
    assert entries[2]["changes"]["role"] == "rep" and entries[2]["changes"]["email"] == "auditor@example.test"
    assert entries[1]["changes"] == {"role": ["rep", "manager"], "org_unit_id": [None, world.acme.units["south"].id]}
    assert entries[0]["changes"] == {"active": [True, False]}
    assert {e["actor_id"] for e in entries} == {admin_id}
    everything = json.dumps(trail(admin))
    assert "$argon2" not in everything and "password" not in everything


def test_units_create_move_rename_delete(world, api_client):
    admin = api_client("acme", "admin")
    unit = admin.post("/api/v1/org-units", json={"name": "East", "kind": "branch",
                                                 "parent_id": world.acme.units["company"].id}).json
    admin.patch(f"/api/v1/org-units/{unit['id']}", json={"name": "East Coast", "parent_id": world.acme.units["south"].id})
    admin.delete(f"/api/v1/org-units/{unit['id']}")
    entries = trail(admin, entity="org_unit", entity_id=unit["id"])
    assert [e["action"] for e in entries] == ["delete", "update", "create"]
    assert entries[2]["changes"]["path"] == unit["path"]
    changes = entries[1]["changes"]
    assert changes["name"] == ["East", "East Coast"]
    assert changes["parent_id"] == [world.acme.units["company"].id, world.acme.units["south"].id]


def test_a_refused_request_leaves_no_entry(world, api_client):
    admin = api_client("acme", "admin")
    north = world.acme.units["north"].id
    # The rename is flushed before the move is found to be below the unit itself.
    response = admin.patch(f"/api/v1/org-units/{north}", json={"name": "Renamed",
                                                               "parent_id": world.acme.units["north1"].id})
    assert response.status_code == 422
    assert admin.get(f"/api/v1/org-units/{north}").json["name"] == "North"
    assert trail(admin) == []


def test_a_rolled_back_change_is_not_recorded_by_a_later_commit(world, app):
    with app.app_context(), tenant_scope(world.acme.id, world.acme.users["admin"].id):
        first = db.session.get(Customer, world.acme.customers["n1_alpha"].id)
        first.name = "Rolled back"
        db.session.flush()
        db.session.rollback()
        second = db.session.get(Customer, world.acme.customers["n2"].id)
        second.name = "Kept"
        db.session.commit()
        entries = db.session.scalars(select(AuditEntry)).all()
        assert [(e.entity_id, e.changes) for e in entries] == [(second.id, {"name": ["Gamma Tools", "Kept"]})]


@pytest.mark.fresh_app  # it adds a route
def test_a_request_that_fails_after_writing_leaves_no_entry(world, app, api_client):
    failing = world.acme.customers["n1_alpha"].id

    @app.route("/test-only/fail-after-write")
    def fail_after_write():
        with tenant_scope(world.acme.id, world.acme.users["admin"].id):
            db.session.get(Customer, failing).name = "Half written"
            db.session.flush()
            raise RuntimeError("boom after the flush")

    with pytest.raises(RuntimeError):
        app.test_client().get("/test-only/fail-after-write")
    admin = api_client("acme", "admin")
    assert admin.get(f"/api/v1/customers/{failing}").json["name"] == "Alpha Trading"
    assert trail(admin) == []
    with app.app_context(), tenant_scope(world.acme.id):
        assert db.session.scalar(select(func.count(AuditEntry.id))) == 0


@pytest.mark.parametrize("role", ["executive", "manager_north", "rep_n1"])
def test_only_admins_read_the_trail(world, api_client, role):
    response = api_client("acme", role).get("/api/v1/audit")
    assert response.status_code == 403
    assert set(response.json["error"]) == {"message", "fields"}


def test_another_tenants_entries_never_appear(world, api_client):
    globex = api_client("globex", "admin")
    secret = globex.post("/api/v1/customers", json={"name": "Globex Secret"}).json
    globex.patch(f"/api/v1/customers/{world.globex.customers['s1'].id}", json={"notes": "globex only"})
    api_client("acme", "admin").post("/api/v1/customers", json={"name": "Acme Visible"})
    acme_trail = trail(api_client("acme", "admin"))
    assert [e["summary"] for e in acme_trail] == ["Acme Visible"]
    assert "Globex" not in json.dumps(acme_trail) and "globex only" not in json.dumps(acme_trail)
    assert trail(api_client("acme", "admin"), entity_id=secret["id"]) == []
    assert trail(api_client("acme", "admin"), actor_id=world.globex.users["admin"].id) == []
    assert {e["summary"] for e in trail(globex)} == {"Globex Secret", "Delta Shipping"}


def test_filters_by_actor_and_entity(world, api_client):
    admin, rep = api_client("acme", "admin"), api_client("acme", "rep_n1")
    rep.post("/api/v1/customers", json={"name": "By rep"})
    admin.post("/api/v1/org-units", json={"name": "By admin"})
    assert [e["summary"] for e in trail(admin, actor_id=world.acme.users["rep_n1"].id)] == ["By rep"]
    assert [e["summary"] for e in trail(admin, entity="org_unit")] == ["By admin"]
    assert len(trail(admin)) == 2
