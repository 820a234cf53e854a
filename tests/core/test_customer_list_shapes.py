"""The customer list as opened is built once per shape and reused: every viewer still sees only their own list.

`keyset_rows(shape=...)` keeps one statement per role scope and sort, with
the viewer, the cursor, the page size and (through the session) the tenant as
bound parameters. These tests make one viewer build the statement and another of the
same shape reuse it, in the same tenant and in the other, and check that a
filtered list never takes (or leaves) a statement of the unfiltered shape.
"""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from crm_platform.api import pagination
from crm_platform.models import Customer
from crm_platform.tenancy import _scoped_twins

# Who sees which of the world's customers in the list (pooled ones aside); the same in both tenants.
SEES = {
    "rep_n1": {"n1_alpha", "n1_beta", "s1_shared"},
    "rep_n2": {"n2"},
    "rep_s1": {"s1", "s1_shared"},
    "manager_north": {"n1_alpha", "n1_beta", "n2", "north_mgr"},
    "manager_south": {"s1", "s1_shared"},
    "executive": {"n1_alpha", "n1_beta", "n2", "s1", "s1_shared", "north_mgr", "house"},
}


def listed(api_client, tenant, user, query="", limit=2):
    """The ids of every page of `user`'s list, following next_cursor (pages of `limit` to reuse the cursor shape)."""
    client, ids, cursor = api_client(tenant, user), [], None
    while True:
        response = client.get(f"/api/v1/customers?limit={limit}{query}" + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        ids += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return ids


def names(world, tenant, keys):
    """The ids of the world's customers `keys` in `tenant`."""
    return {world[tenant].customers[key].id for key in keys}


@pytest.fixture
def contacted(world, tenant_session):
    """Distinct last-contact times for most customers of both tenants, none for two (the sort's NULL tail)."""
    for tenant in ("acme", "globex"):
        with tenant_session(tenant) as session:
            for n, key in enumerate(sorted(world[tenant].customers)):
                moment = None if n % 4 == 3 else datetime(2026, 3, 1, tzinfo=timezone.utc) + timedelta(hours=7 * n)
                session.execute(update(Customer).where(Customer.id == world[tenant].customers[key].id)
                                .values(last_contacted_at=moment))
            session.commit()
    return world


@pytest.mark.parametrize("sort", ["", "&sort=-name", "&sort=last_contacted_at", "&sort=-last_contacted_at"])
def test_viewers_of_one_shape_share_a_statement_and_see_their_own(contacted, api_client, sort):
    """Reps, managers and the executive of both tenants, in turns: each list is exactly that viewer's, in order."""
    world = contacted
    pagination._shapes.clear()
    for tenant in ("acme", "globex", "acme"):
        for user, keys in SEES.items():
            ids = listed(api_client, tenant, user, sort)
            assert len(ids) == len(set(ids))
            assert set(ids) == names(world, tenant, keys), (tenant, user)
            # The same order as one page holding everything (the same statement, another bound page size).
            whole = api_client(tenant, user).get(f"/api/v1/customers?limit=200{sort}").get_json()
            assert ids == [item["id"] for item in whole["items"]] and whole["next_cursor"] is None
    shapes = list(pagination._shapes.keys())
    # Three scopes (rep, manager, executive), first pages and cursor pages (after a value, and after a
    # NULL for the nullable sort), whatever the page size: built once each, not per viewer or tenant.
    assert 0 < len(shapes) <= 9
    assert {key[0][4][0] for key in shapes} == {"own", "unit", "all"}


def test_one_tenant_filtered_twin_serves_every_tenant_with_its_own_rows(world, api_client):
    """The reused statement's twin binds the tenant per run: one twin, and globex's rows never answer for acme."""
    pagination._shapes.clear()
    _scoped_twins.clear()
    assert set(listed(api_client, "globex", "executive")) == names(world, "globex", SEES["executive"])
    assert set(listed(api_client, "acme", "executive")) == names(world, "acme", SEES["executive"])
    assert set(listed(api_client, "globex", "executive")) == names(world, "globex", SEES["executive"])
    assert len(_scoped_twins) == len(pagination._shapes)  # first pages and cursor pages: one twin each


@pytest.mark.parametrize("query, keys", [
    ("&status=signed", {"n1_alpha"}),
    ("&owner_id=0", set()),
    ("&region=", set()),
    ("&q=alpha", {"n1_alpha"}),
])
def test_a_filtered_list_neither_takes_nor_leaves_the_open_lists_statement(world, api_client, query, keys):
    """A filter (0 included) is applied on a statement of its own; the list as opened stays whole after it."""
    whole = names(world, "acme", SEES["rep_n1"])
    pagination._shapes.clear()
    # Asked first, on an empty cache: had the filter been kept as the open list's, the list below would show it.
    assert set(listed(api_client, "acme", "rep_n1", query)) == names(world, "acme", keys)
    assert not pagination._shapes
    assert set(listed(api_client, "acme", "rep_n1")) == whole
    cached = len(pagination._shapes)
    assert set(listed(api_client, "acme", "rep_n1", query)) == names(world, "acme", keys)
    assert len(pagination._shapes) == cached
    assert set(listed(api_client, "globex", "rep_n1")) == names(world, "globex", SEES["rep_n1"])
