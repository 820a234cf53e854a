"""Who sees which customers: the one policy behind lists, search, counts, detail and child records."""
import pytest
from sqlalchemy import func, select

from crm_platform.models import Contact, User
from crm_platform.testing import MISSING_ID

EXPECTED = {
    "admin": {"n1_alpha", "n1_beta", "n2", "s1", "s1_shared", "north_mgr", "house"},
    "executive": {"n1_alpha", "n1_beta", "n2", "s1", "s1_shared", "north_mgr", "house"},
    "manager_north": {"n1_alpha", "n1_beta", "n2", "north_mgr"},
    "manager_south": {"s1", "s1_shared"},
    "rep_n1": {"n1_alpha", "n1_beta", "s1_shared"},
    "rep_n2": {"n2"},
    "rep_s1": {"s1", "s1_shared"},
}


def listed(client, **params):
    """Ids of every customer on every page of the list (two per page)."""
    found, cursor = [], None
    while True:
        query = {**params, "limit": 2, **({"cursor": cursor} if cursor else {})}
        response = client.get("/api/v1/customers", query_string=query)
        assert response.status_code == 200, response.json
        found += [item["id"] for item in response.json["items"]]
        cursor = response.json["next_cursor"]
        if not cursor:
            assert len(found) == len(set(found))
            return set(found)


def keys_of(world, ids, slug="acme"):
    by_id = {ref.id: key for key, ref in world[slug].customers.items()}
    return {by_id[i] for i in ids}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_its_scope_in_list_count_and_detail(world, api_client, role):
    client = api_client("acme", role)
    assert keys_of(world, listed(client)) == EXPECTED[role]
    assert client.get("/api/v1/customers/count").json == {"count": len(EXPECTED[role])}
    missing = client.get(f"/api/v1/customers/{MISSING_ID}")
    for key, customer in world.acme.customers.items():
        response = client.get(f"/api/v1/customers/{customer.id}")
        if key in EXPECTED[role]:
            assert response.status_code == 200 and response.json["name"] == customer.name
        else:
            assert (response.status_code, response.json) == (404, missing.json)


def test_search_and_filters_never_widen_the_scope(world, api_client):
    rep = api_client("acme", "rep_n1")
    assert listed(rep, q="Delta") == set()
    assert keys_of(world, listed(rep, owner_id=world.acme.users["rep_s1"].id)) == {"s1_shared"}
    assert keys_of(world, listed(rep, org_unit_id=world.acme.units["south"].id)) == {"s1_shared"}
    assert keys_of(world, listed(rep, org_unit_id=world.acme.units["company"].id)) == EXPECTED["rep_n1"]
    assert rep.get("/api/v1/customers/count", query_string={"q": "Delta"}).json == {"count": 0}
    manager = api_client("acme", "manager_north")
    assert keys_of(world, listed(manager, region="South")) == set()
    assert keys_of(world, listed(manager, tag="vip")) == {"n1_alpha", "n2"}


def test_manager_sees_the_whole_subtree_and_not_the_sibling_branch(world, api_client):
    manager = api_client("acme", "manager_north")
    north1_team = keys_of(world, listed(manager, org_unit_id=world.acme.units["north1"].id))
    assert north1_team == {"n1_alpha", "n1_beta"}
    assert not keys_of(world, listed(manager)) & {"s1", "s1_shared", "house"}


def test_share_grants_and_withdrawal_revokes(world, api_client):
    acme = world.acme
    owner, viewer = api_client("acme", "rep_s1"), api_client("acme", "rep_n2")
    s1 = acme.customers["s1"].id
    assert viewer.get(f"/api/v1/customers/{s1}").status_code == 404
    response = owner.post(f"/api/v1/customers/{s1}/shares", json={"user_id": acme.users["rep_n2"].id})
    assert response.status_code == 201, response.json
    assert viewer.get(f"/api/v1/customers/{s1}").status_code == 200
    assert s1 in listed(viewer)
    assert viewer.get(f"/api/v1/customers/{s1}/contacts").status_code == 200
    assert owner.delete(f"/api/v1/customers/{s1}/shares/{acme.users['rep_n2'].id}").status_code == 204
    assert viewer.get(f"/api/v1/customers/{s1}").status_code == 404
    assert s1 not in listed(viewer)


def test_a_rep_cannot_share_someone_elses_customer(world, api_client):
    acme = world.acme
    rep = api_client("acme", "rep_n1")
    shared = acme.customers["s1_shared"].id
    response = rep.post(f"/api/v1/customers/{shared}/shares", json={"user_id": acme.users["rep_n2"].id})
    assert response.status_code == 403
    assert api_client("acme", "rep_n2").get(f"/api/v1/customers/{shared}").status_code == 404


def test_role_change_applies_on_the_next_request(world, api_client, page_client):
    acme = world.acme
    admin = api_client("acme", "admin")
    token_client, page = api_client("acme", "rep_n2"), page_client("acme", "rep_n2")
    assert keys_of(world, listed(token_client)) == {"n2"}
    assert keys_of(world, listed(page)) == {"n2"}
    response = admin.patch(f"/api/v1/users/{acme.users['rep_n2'].id}", json={"role": "manager"})
    assert response.status_code == 200, response.json
    assert keys_of(world, listed(token_client)) == EXPECTED["manager_north"]
    assert keys_of(world, listed(page)) == EXPECTED["manager_north"]
    admin.patch(f"/api/v1/users/{acme.users['rep_n2'].id}", json={"role": "executive"})
    assert keys_of(world, listed(token_client)) == EXPECTED["executive"]


def test_unit_change_applies_on_the_next_request(world, api_client):
    acme = world.acme
    admin, manager = api_client("acme", "admin"), api_client("acme", "manager_north")
    response = admin.patch(f"/api/v1/users/{acme.users['manager_north'].id}",
                           json={"org_unit_id": acme.units["south"].id})
    assert response.status_code == 200, response.json
    assert keys_of(world, listed(manager)) == {"s1", "s1_shared", "north_mgr"}
    admin.patch(f"/api/v1/users/{acme.users['rep_n1'].id}", json={"org_unit_id": acme.units["south"].id})
    assert keys_of(world, listed(manager)) == {"s1", "s1_shared", "north_mgr", "n1_alpha", "n1_beta"}


def test_moving_a_unit_moves_its_customers_between_managers(world, api_client):
    acme = world.acme
    admin = api_client("acme", "admin")
    response = admin.patch(f"/api/v1/org-units/{acme.units['north1'].id}", json={"parent_id": acme.units["south"].id})
    assert response.status_code == 200, response.json
    assert keys_of(world, listed(api_client("acme", "manager_north"))) == {"n2", "north_mgr"}
    assert keys_of(world, listed(api_client("acme", "manager_south"))) == {"s1", "s1_shared", "n1_alpha", "n1_beta"}


def test_manager_without_a_unit_sees_only_own_and_shared(world, api_client, tenant_session):
    with tenant_session(world.acme) as session:
        session.get(User, world.acme.users["manager_north"].id).org_unit_id = None
        session.commit()
    assert keys_of(world, listed(api_client("acme", "manager_north"))) == {"north_mgr"}


def test_unknown_role_sees_nothing(world, api_client, tenant_session):
    with tenant_session(world.acme) as session:
        session.get(User, world.acme.users["executive"].id).role = "uninstalled_plugin_role"
        session.commit()
    client = api_client("acme", "executive")
    assert listed(client) == set()
    assert client.get(f"/api/v1/customers/{world.acme.customers['house'].id}").status_code == 404


def test_deactivated_users_token_and_session_are_refused(world, api_client, page_client):
    acme = world.acme
    token_client, page = api_client("acme", "rep_n1"), page_client("acme", "rep_n1")
    assert token_client.get("/api/v1/me").status_code == 200
    assert page.get("/api/v1/me").status_code == 200
    assert api_client("acme", "admin").delete(f"/api/v1/users/{acme.users['rep_n1'].id}").status_code == 204
    assert token_client.get("/api/v1/me").status_code == 401
    assert token_client.get("/api/v1/customers").status_code == 401
    assert page.get("/api/v1/customers").status_code == 401


@pytest.mark.parametrize("path", [
    "/api/v1/customers/{c}/contacts", "/api/v1/customers/{c}/contacts/{contact}",
    "/api/v1/customers/{c}/activities", "/api/v1/customers/{c}/activities/{activity}",
    "/api/v1/customers/{c}/shares",
])
def test_records_of_a_hidden_customer_are_404(world, api_client, path):
    acme = world.acme
    rep = api_client("acme", "rep_n1")
    hidden = path.format(c=acme.customers["s1"].id, contact=acme.contacts["s1"].id, activity=acme.activities["s1"].id)
    missing = path.format(c=MISSING_ID, contact=MISSING_ID, activity=MISSING_ID)
    response = rep.get(hidden)
    assert response.status_code == 404
    assert response.json == rep.get(missing).json


def test_a_visible_customer_does_not_unlock_a_hidden_customers_records(world, api_client):
    acme = world.acme
    rep = api_client("acme", "rep_n1")
    own = acme.customers["n1_alpha"].id
    assert rep.get(f"/api/v1/customers/{own}/contacts/{acme.contacts['s1'].id}").status_code == 404
    assert rep.get(f"/api/v1/customers/{own}/activities/{acme.activities['s1'].id}").status_code == 404
    assert rep.patch(f"/api/v1/customers/{own}/contacts/{acme.contacts['s1'].id}",
                     json={"name": "Renamed"}).status_code == 404
    assert rep.delete(f"/api/v1/customers/{own}/activities/{acme.activities['s1'].id}").status_code == 404


def test_writes_to_a_hidden_customer_are_404_and_write_nothing(world, api_client, tenant_session):
    acme = world.acme
    rep = api_client("acme", "rep_n1")
    hidden = acme.customers["s1"].id
    assert rep.post(f"/api/v1/customers/{hidden}/contacts", json={"name": "Spy"}).status_code == 404
    assert rep.post(f"/api/v1/customers/{hidden}/activities",
                    json={"kind": "call", "occurred_at": "2026-02-01T10:00:00Z"}).status_code == 404
    assert rep.post(f"/api/v1/customers/{hidden}/shares", json={"user_id": acme.users["rep_n1"].id}).status_code == 404
    assert rep.patch(f"/api/v1/customers/{hidden}", json={"name": "Mine now"}).status_code == 404
    assert rep.post(f"/api/v1/customers/{hidden}/reassign", json={"owner_id": acme.users["rep_n1"].id}).status_code \
        == 404
    assert rep.delete(f"/api/v1/customers/{hidden}/contacts/{acme.contacts['s1'].id}").status_code == 404
    with tenant_session(acme) as session:
        assert session.scalar(select(func.count(Contact.id)).where(Contact.customer_id == hidden)) == 1
    assert api_client("acme", "admin").get(f"/api/v1/customers/{hidden}").json["name"] == "Delta Shipping"
