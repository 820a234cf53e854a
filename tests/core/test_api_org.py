"""Org units, users, API tokens, signup, and the OpenAPI document."""
import re

import pytest
from sqlalchemy import func, select

from crm_platform.extensions import db
from crm_platform.models import ApiToken, OrgUnit, Tenant, User
from crm_platform.tenancy import unscoped
from crm_platform.testing import PASSWORD, bearer_client


def paths(tenant_session, world, slug="acme"):
    with tenant_session(world[slug]) as session:
        return {unit.id: unit.path for unit in session.scalars(select(OrgUnit))}


# -- org units -------------------------------------------------------------------------

def test_create_unit_under_a_parent(world, api_client):
    admin, north = api_client("acme", "admin"), world.acme.units["north"]
    response = admin.post("/api/v1/org-units", json={"name": "North-2", "kind": "team", "parent_id": north.id})
    assert response.status_code == 201, response.json
    parent_path = admin.get(f"/api/v1/org-units/{north.id}").json["path"]
    assert response.json["path"] == f"{parent_path}{response.json['id']}/"
    top = admin.post("/api/v1/org-units", json={"name": "Holding", "kind": "company"}).json
    assert top["path"] == f"/{top['id']}/" and top["parent_id"] is None


def test_units_are_listed_in_chart_order(world, api_client):
    items, cursor = [], None
    while True:
        page = api_client("acme", "rep_n1").get("/api/v1/org-units", query_string={"limit": 1, "cursor": cursor}
                                                if cursor else {"limit": 1}).json
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    # Chart order: every unit right after its parent's subtree started; siblings in
    # id order (random ids: opaque_ids.py).
    units = world.acme.units
    assert sorted(u["id"] for u in items) == sorted(units[k].id for k in ("company", "north", "north1", "south"))
    assert [u["path"] for u in items] == sorted(u["path"] for u in items)
    assert items[0]["id"] == units["company"].id
    position = {u["id"]: i for i, u in enumerate(items)}
    assert position[units["north"].id] < position[units["north1"].id]


def test_moving_a_unit_re_roots_its_subtree(world, api_client, tenant_session):
    acme = world.acme
    admin = api_client("acme", "admin")
    globex_before = paths(tenant_session, world, "globex")
    north1a = admin.post("/api/v1/org-units", json={"name": "North-1a", "parent_id": acme.units["north1"].id}).json
    response = admin.patch(f"/api/v1/org-units/{acme.units['north'].id}", json={"parent_id": acme.units["south"].id})
    assert response.status_code == 200, response.json
    after = paths(tenant_session, world)
    south = after[acme.units["south"].id]
    assert after[acme.units["north"].id] == f"{south}{acme.units['north'].id}/"
    assert after[acme.units["north1"].id] == f"{south}{acme.units['north'].id}/{acme.units['north1'].id}/"
    assert after[north1a["id"]] == f"{after[acme.units['north1'].id]}{north1a['id']}/"
    assert paths(tenant_session, world, "globex") == globex_before
    response = admin.patch(f"/api/v1/org-units/{acme.units['north'].id}", json={"parent_id": None})
    assert response.json["path"] == f"/{acme.units['north'].id}/"
    assert paths(tenant_session, world)[north1a["id"]] == \
        f"/{acme.units['north'].id}/{acme.units['north1'].id}/{north1a['id']}/"


def test_moving_a_unit_leaves_units_with_look_alike_paths_alone(world, api_client, tenant_session):
    acme = world.acme
    admin = api_client("acme", "admin")
    company = str(acme.units["company"].id)
    # Units whose ids start with the company's digits (as counter ids 1 and 10..19
    # did before ids were random, and as rows made then still do).
    with tenant_session("acme") as session:
        for i in range(3):
            session.add(OrgUnit(id=int(f"{company}{i}"), name=f"U{i}", kind="team", parent_id=None,
                                path=f"/{company}{i}/"))
        session.commit()
    created = [{"id": int(f"{company}{i}")} for i in range(3)]
    before = paths(tenant_session, world)
    response = admin.patch(f"/api/v1/org-units/{company}", json={"parent_id": created[0]["id"]})
    assert response.status_code == 200, response.json
    after = paths(tenant_session, world)
    acme_units = {u.id for u in acme.units.values()}
    assert {uid for uid in before if before[uid] != after[uid]} == acme_units
    assert all(after[uid].startswith(f"/{created[0]['id']}/{company}/") for uid in acme_units)


@pytest.mark.parametrize("target", ["itself", "child", "grandchild"])
def test_a_unit_cannot_move_below_itself(world, api_client, tenant_session, target):
    acme = world.acme
    admin = api_client("acme", "admin")
    grandchild = admin.post("/api/v1/org-units", json={"name": "G", "parent_id": acme.units["north1"].id}).json["id"]
    parent = {"itself": acme.units["north"].id, "child": acme.units["north1"].id, "grandchild": grandchild}[target]
    before = paths(tenant_session, world)
    response = admin.patch(f"/api/v1/org-units/{acme.units['north'].id}", json={"parent_id": parent})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["parent_id"]
    assert paths(tenant_session, world) == before


def test_parent_from_another_tenant_is_unknown(world, api_client, tenant_session):
    admin = api_client("acme", "admin")
    before = paths(tenant_session, world)
    for request in (lambda: admin.post("/api/v1/org-units", json={"name": "X", "parent_id": world.globex.units["north"].id}),
                    lambda: admin.patch(f"/api/v1/org-units/{world.acme.units['north'].id}",
                                        json={"parent_id": world.globex.units["south"].id})):
        response = request()
        assert response.status_code == 422 and list(response.json["error"]["fields"]) == ["parent_id"]
    assert paths(tenant_session, world) == before


def test_delete_unit_only_when_empty(world, api_client, tenant_session):
    acme = world.acme
    admin = api_client("acme", "admin")
    for key in ("north", "north1", "company"):
        response = admin.delete(f"/api/v1/org-units/{acme.units[key].id}")
        assert response.status_code == 409, key
        assert response.json["error"]["message"]
    empty = admin.post("/api/v1/org-units", json={"name": "Empty", "parent_id": acme.units["south"].id}).json
    assert admin.delete(f"/api/v1/org-units/{empty['id']}").status_code == 204
    assert admin.get(f"/api/v1/org-units/{empty['id']}").status_code == 404
    assert len(paths(tenant_session, world)) == 4


@pytest.mark.parametrize("role", ["executive", "manager_north", "rep_n1"])
def test_only_admins_manage_units_and_users(world, api_client, tenant_session, role):
    client = api_client("acme", role)
    unit = world.acme.units["north"].id
    user = world.acme.users["rep_n2"].id
    assert client.post("/api/v1/org-units", json={"name": "Mine"}).status_code == 403
    assert client.patch(f"/api/v1/org-units/{unit}", json={"name": "Renamed"}).status_code == 403
    assert client.delete(f"/api/v1/org-units/{unit}").status_code == 403
    assert client.post("/api/v1/users", json={"name": "N", "email": "n@example.test", "password": PASSWORD}
                       ).status_code == 403
    assert client.patch(f"/api/v1/users/{user}", json={"role": "admin"}).status_code == 403
    assert client.patch(f"/api/v1/users/{world.acme.users[role].id}", json={"role": "admin"}).status_code == 403
    assert client.delete(f"/api/v1/users/{user}").status_code == 403
    assert client.get(f"/api/v1/org-units/{unit}").json["name"] == "North"
    assert client.get(f"/api/v1/users/{user}").json["role"] == "rep"
    assert client.get(f"/api/v1/users/{world.acme.users[role].id}").json["role"] == world.acme.users[role].role


# -- users -----------------------------------------------------------------------------

def test_create_user_and_sign_in_with_them(world, api_client, app):
    admin = api_client("acme", "admin")
    response = admin.post("/api/v1/users", json={
        "name": "New Rep", "email": "New.Rep@Example.test", "password": "a long password", "role": "rep",
        "org_unit_id": world.acme.units["south"].id})
    assert response.status_code == 201, response.json
    assert response.json["email"] == "new.rep@example.test"
    assert "password" not in response.json and "password_hash" not in response.json
    token = app.test_client().post("/api/v1/tokens", json={
        "workspace": "acme", "email": "new.rep@example.test", "password": "a long password"})
    assert token.status_code == 201
    assert bearer_client(app, token.json["token"]).get("/api/v1/me").json["id"] == response.json["id"]


@pytest.mark.parametrize("email", ["rep_n1@example.test", "REP_N1@example.test", " rep_n1@example.test "])
def test_email_is_unique_per_tenant(world, api_client, tenant_session, email):
    with tenant_session(world.acme) as session:
        before = session.scalar(select(func.count(User.id)))
    response = api_client("acme", "admin").post("/api/v1/users", json={
        "name": "Twin", "email": email, "password": PASSWORD})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["email"]
    response = api_client("acme", "admin").patch(f"/api/v1/users/{world.acme.users['rep_n2'].id}",
                                                 json={"email": email})
    assert response.status_code == 422
    with tenant_session(world.acme) as session:
        assert session.scalar(select(func.count(User.id))) == before


def test_same_email_in_another_tenant_is_fine(world, api_client):
    # The world already has rep_n1@example.test in both tenants; a new one works too.
    for slug in ("acme", "globex"):
        response = api_client(slug, "admin").post("/api/v1/users", json={
            "name": "Shared Person", "email": "consultant@example.test", "password": PASSWORD})
        assert response.status_code == 201, response.json


@pytest.mark.parametrize("body, fields", [
    ({}, {"name", "email"}),  # no password: the user is invited (tests/test_mail.py)
    ({"name": "N", "email": "bad", "password": PASSWORD}, {"email"}),
    ({"name": "N", "email": "n@example.test", "password": "short"}, {"password"}),
    ({"name": "N", "email": "n@example.test", "password": PASSWORD, "role": "overlord"}, {"role"}),
    ({"name": "N", "email": "n@example.test", "password": PASSWORD, "org_unit_id": 999_999}, {"org_unit_id"}),
    ({"name": "N", "email": "n@example.test", "password": PASSWORD, "password_hash": "x"}, {"password_hash"}),
    ({"name": "N", "email": "n@example.test", "password": PASSWORD, "tenant_id": 2}, {"tenant_id"}),
])
def test_bad_user_input_is_422_per_field(world, api_client, tenant_session, body, fields):
    with tenant_session(world.acme) as session:
        before = session.scalar(select(func.count(User.id)))
    response = api_client("acme", "admin").post("/api/v1/users", json=body)
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == fields
    with tenant_session(world.acme) as session:
        assert session.scalar(select(func.count(User.id))) == before


def test_user_unit_from_another_tenant_is_unknown(world, api_client):
    response = api_client("acme", "admin").post("/api/v1/users", json={
        "name": "N", "email": "n@example.test", "password": PASSWORD, "org_unit_id": world.globex.units["north"].id})
    assert response.status_code == 422 and list(response.json["error"]["fields"]) == ["org_unit_id"]


@pytest.mark.parametrize("change", [{"role": "rep"}, {"active": False}, {"role": "executive", "active": False}])
def test_the_last_admin_cannot_be_demoted_or_deactivated(world, api_client, change):
    admin = api_client("acme", "admin")
    me = world.acme.users["admin"].id
    response = admin.patch(f"/api/v1/users/{me}", json=change)
    assert response.status_code == 422
    assert admin.delete(f"/api/v1/users/{me}").status_code == 422
    assert admin.get(f"/api/v1/users/{me}").json["role"] == "admin"
    assert admin.get("/api/v1/me").status_code == 200
    assert admin.patch(f"/api/v1/users/{world.acme.users['executive'].id}", json={"role": "admin"}).status_code == 200
    assert admin.patch(f"/api/v1/users/{me}", json=change).status_code == 200


def test_another_tenants_admins_do_not_count(world, api_client):
    # globex has its own admin; acme's only admin still cannot step down.
    response = api_client("acme", "admin").patch(f"/api/v1/users/{world.acme.users['admin'].id}",
                                                 json={"role": "rep"})
    assert response.status_code == 422


def test_user_list_filters(world, api_client):
    client = api_client("acme", "rep_n1")

    def ids(**query):
        return {u["id"] for u in client.get("/api/v1/users", query_string={"limit": 200, **query}).json["items"]}

    users = world.acme.users
    assert ids() == {u.id for u in users.values()}
    assert ids(role="manager") == {users["manager_north"].id, users["manager_south"].id}
    assert ids(org_unit_id=world.acme.units["north"].id) == {users[k].id for k in ("manager_north", "rep_n1", "rep_n2")}
    assert ids(q="REP_S") == {users["rep_s1"].id}
    assert ids(active="false") == set()


# -- API tokens ------------------------------------------------------------------------

def test_token_lifecycle(world, app, api_client):
    anonymous = app.test_client()
    response = anonymous.post("/api/v1/tokens", json={
        "workspace": "ACME", "email": "Rep_N2@example.test", "password": PASSWORD, "name": "laptop"})
    assert response.status_code == 201, response.json
    secret, token_id = response.json["token"], response.json["id"]
    assert secret.startswith(response.json["prefix"])
    client = bearer_client(app, secret)
    assert client.get("/api/v1/me").json["id"] == world.acme.users["rep_n2"].id
    listed = client.get("/api/v1/tokens").json["items"]
    assert {t["name"] for t in listed} == {"tests", "laptop"}
    assert all("token" not in t for t in listed)
    other = api_client("acme", "rep_n1")
    assert other.delete(f"/api/v1/tokens/{token_id}").status_code == 404
    assert client.get("/api/v1/me").status_code == 200
    assert client.delete(f"/api/v1/tokens/{token_id}").status_code == 204
    assert client.get("/api/v1/me").status_code == 401
    assert api_client("acme", "rep_n2").get("/api/v1/me").status_code == 200


def test_signed_in_caller_can_make_a_named_token(world, api_client, app):
    response = api_client("acme", "rep_s1").post("/api/v1/tokens", json={"name": "script"})
    assert response.status_code == 201
    assert bearer_client(app, response.json["token"]).get("/api/v1/me").json["id"] == world.acme.users["rep_s1"].id


@pytest.mark.parametrize("body, status", [
    ({"workspace": "acme", "email": "rep_n1@example.test", "password": "wrong password"}, 401),
    ({"workspace": "globex", "email": "nobody@example.test", "password": PASSWORD}, 401),
    ({"workspace": "nowhere", "email": "rep_n1@example.test", "password": PASSWORD}, 401),
    ({"workspace": "acme", "email": "rep_n1@example.test"}, 422),
    ({}, 422),
])
def test_token_with_bad_credentials_is_refused(world, app, tenant_session, body, status):
    with app.app_context(), unscoped("test: count every tenant's tokens"):
        before = db.session.scalar(select(func.count(ApiToken.id)))
    response = app.test_client().post("/api/v1/tokens", json=body)
    assert response.status_code == status
    assert set(response.json["error"]) == {"message", "fields"}
    with app.app_context(), unscoped("test: count every tenant's tokens"):
        assert db.session.scalar(select(func.count(ApiToken.id))) == before


def test_a_token_for_one_tenant_is_not_a_key_to_another(world, app):
    response = app.test_client().post("/api/v1/tokens", json={
        "workspace": "globex", "email": "rep_n1@example.test", "password": PASSWORD})
    me = bearer_client(app, response.json["token"]).get("/api/v1/me").json
    assert me["id"] == world.globex.users["rep_n1"].id


# -- signup ----------------------------------------------------------------------------

SIGNUP = {"company": "Initech", "slug": "initech", "name": "Bill", "email": "bill@initech.test",
          "password": "tps reports"}


def test_signup_opens_a_workspace(client, app):
    response = client.post("/api/v1/signup", json=SIGNUP)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["tenant"]["slug"] == "initech" and body["user"]["role"] == "admin"
    assert "password" not in body["user"]
    admin = bearer_client(app, body["token"])
    assert admin.get("/api/v1/me").json["email"] == "bill@initech.test"
    units = admin.get("/api/v1/org-units").json["items"]
    assert [u["kind"] for u in units] == ["company"] and body["user"]["org_unit_id"] == units[0]["id"]
    assert admin.get("/api/v1/customers").json["items"] == []
    assert admin.post("/api/v1/customers", json={"name": "First"}).status_code == 201


@pytest.mark.parametrize("slug, taken", [
    ("acme", True), ("ACME", True), ("Has Space", False), ("-dash", False), ("under_score", False),
    ("a" * 64, False), ("admin", False), ("api", False), ("", False),
])
def test_signup_slug_must_be_free_valid_and_not_reserved(world, client, app, slug, taken):
    with app.app_context():
        before = db.session.scalar(select(func.count(Tenant.id)))
    response = client.post("/api/v1/signup", json={**SIGNUP, "slug": slug})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["slug"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Tenant.id))) == before


@pytest.mark.parametrize("field, value", [("email", "nope"), ("password", "short"), ("company", ""), ("name", None)])
def test_signup_validates_every_field(client, field, value):
    response = client.post("/api/v1/signup", json={**SIGNUP, field: value})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]


# -- OpenAPI ---------------------------------------------------------------------------

def test_openapi_documents_every_api_route(app, client):
    spec = client.get("/api/openapi.json")
    assert spec.status_code == 200
    documented = spec.json["paths"]
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        assert path in documented, f"{rule.rule} is not in the OpenAPI document"
        methods = {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}
        assert methods <= set(documented[path]), f"{rule.rule}: {methods - set(documented[path])} undocumented"
