"""Who sees which pool: the members of its unit subtree (all of them for executives and admins).

World units: company > north > north1, and company > south. With one pool per
unit, n1_alpha (rep_n1's) goes to north1's pool, n2 (rep_n2's) to north's, s1
(rep_s1's) to south's and house (the admin's) to the company unit's.
"""
import pytest

from crm_platform.models import User
from pool_support import set_workspace, to_pool

POOLED = ("n1_alpha", "n2", "s1", "house")
SEES = {
    "rep_n1": {"n1_alpha", "n2", "house"},  # north1, and the pools above it
    "rep_n2": {"n2", "house"},  # north1's pool is below rep_n2's unit: not theirs
    "manager_north": {"n1_alpha", "n2", "house"},  # north's subtree, and the company's
    "rep_s1": {"s1", "house"},
    "manager_south": {"s1", "house"},
    "executive": set(POOLED),
    "admin": set(POOLED),
}


@pytest.fixture
def pooled_world(world, tenant_session):
    """Acme and globex with the same customers in their pools."""
    for tenant in world.tenants:
        to_pool(tenant_session, tenant, *POOLED)
    return world


def ids(tenant, keys):
    return {tenant.customers[key].id for key in keys}


@pytest.mark.parametrize("user, keys", sorted(SEES.items()))
def test_each_user_sees_the_pools_of_their_unit_subtree(pooled_world, api_client, user, keys):
    acme = pooled_world.acme
    client = api_client("acme", user)

    listed = client.get("/api/v1/pool", query_string={"limit": 200}).get_json()["items"]

    assert {item["id"] for item in listed} == ids(acme, keys)
    assert all(item["owner_id"] is None and item["pooled_at"] for item in listed)
    assert client.get("/api/v1/pool/count").get_json() == {"count": len(keys)}
    # Pooled customers leave the customer list, for everyone.
    customers = {item["id"] for item in client.get("/api/v1/customers", query_string={"limit": 200}).json["items"]}
    assert not customers & ids(acme, POOLED)
    # A pool member may open a pooled customer; anyone else gets the 404 of a missing one.
    for key in POOLED:
        status = client.get(f"/api/v1/customers/{acme.customers[key].id}").status_code
        assert status == (200 if key in keys else 404), key


def test_the_other_workspaces_pool_is_never_listed(pooled_world, api_client):
    listed = api_client("acme", "admin").get("/api/v1/pool", query_string={"limit": 200}).get_json()["items"]

    assert {item["id"] for item in listed} == ids(pooled_world.acme, POOLED)
    assert api_client("acme", "admin").post(
        f"/api/v1/pool/{pooled_world.globex.customers['n2'].id}/claim").status_code == 404


def test_a_pooled_customer_is_read_only_until_claimed(pooled_world, api_client, page_client):
    acme = pooled_world.acme
    n2 = acme.customers["n2"].id
    rep = api_client("acme", "rep_n1")

    assert rep.patch(f"/api/v1/customers/{n2}", json={"name": "Mine now"}).status_code == 403
    assert rep.post(f"/api/v1/customers/{n2}/activities",
                    json={"kind": "call", "occurred_at": "2026-01-01T10:00:00Z"}).status_code == 403
    page = page_client("acme", "rep_n1").get(f"/customers/{n2}").get_data(as_text=True)
    assert 'id="pool-status"' in page and f'action="/pool/{n2}/claim"' in page
    assert "Log a call, visit, email or meeting" not in page and f"/customers/{n2}/edit" not in page


def test_with_one_company_pool_every_member_of_the_workspace_sees_it(world, tenant_session, api_client):
    set_workspace(tenant_session, world.acme, pool_scope="company")
    to_pool(tenant_session, world.acme, *POOLED)

    for user in ("rep_n2", "rep_s1", "manager_south"):
        listed = api_client("acme", user).get("/api/v1/pool").get_json()["items"]
        assert {item["id"] for item in listed} == ids(world.acme, POOLED)
        assert {item["pool_unit_id"] for item in listed} == {None}


def test_the_pool_page_lists_the_users_pools_with_a_total(pooled_world, page_client):
    page = page_client("acme", "rep_n2").get("/pool/").get_data(as_text=True)

    assert "Gamma Tools" in page and "Eta Holdings" in page and "Alpha Trading" not in page
    assert "2 customers in the pool match." in page
    filtered = page_client("acme", "admin").get(f"/pool/?org_unit_id={pooled_world.acme.units['north'].id}")
    text = filtered.get_data(as_text=True)
    assert "Alpha Trading" in text and "Gamma Tools" in text and "Delta Shipping" not in text
    assert "Customers" in page and 'href="/pool/"' in page  # the menu entry
    # The region filter offers the workspace's sales regions; an unknown sort is ignored, as on the list.
    north = page_client("acme", "admin").get("/pool/?region=North&sort=bogus")
    assert north.status_code == 200
    text = north.get_data(as_text=True)
    assert '<option value="North" selected>' in text and '<option value="South">' in text
    assert "Alpha Trading" in text and "Delta Shipping" not in text


def test_an_owner_outside_the_org_chart_sends_customers_to_the_company_pool(world, tenant_session, api_client):
    acme = world.acme
    with tenant_session("acme") as session:
        session.get(User, acme.users["rep_s1"].id).org_unit_id = None
        session.commit()
    to_pool(tenant_session, acme, "s1")

    listed = api_client("acme", "rep_n2").get("/api/v1/pool").get_json()["items"]

    assert [(item["id"], item["pool_unit_id"]) for item in listed] == [(acme.customers["s1"].id, None)]
