"""The customer list as opened is built once per shape and reused: every viewer still sees only their own list.

`keyset_rows(shape=...)` keeps one statement per role scope, sort and page
size, with the viewer, the cursor and (through the session) the tenant as bound
parameters. These tests make one viewer build the statement and another of the
same shape reuse it, in the same tenant and in the other, and check that a
filtered list never takes (or leaves) a statement of the unfiltered shape.
"""
import pytest

from crm_platform.api import pagination
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


@pytest.mark.parametrize("sort", ["", "&sort=-name", "&sort=last_contacted_at"])
def test_viewers_of_one_shape_share_a_statement_and_see_their_own(world, api_client, sort):
    """Reps, managers and the executive of both tenants, in turns: each list is exactly that viewer's."""
    pagination._shapes.clear()
    for tenant in ("acme", "globex", "acme"):
        for user, keys in SEES.items():
            ids = listed(api_client, tenant, user, sort)
            assert len(ids) == len(set(ids))
            assert set(ids) == names(world, tenant, keys), (tenant, user)
    shapes = list(pagination._shapes.keys())
    # Three scopes (rep, manager, executive), first page and cursor pages: built once each, not per viewer.
    assert 0 < len(shapes) <= 6
    assert {key[0][4][0] for key in shapes} == {"own", "unit", "all"}


def test_the_tenant_criteria_are_kept_per_tenant(world, api_client):
    """The reused statement's tenant-filtered twin is one per tenant: globex's never answers for acme."""
    pagination._shapes.clear()
    _scoped_twins.clear()
    assert set(listed(api_client, "globex", "executive")) == names(world, "globex", SEES["executive"])
    assert set(listed(api_client, "acme", "executive")) == names(world, "acme", SEES["executive"])
    tenants_of_twins = {tenant for (_, tenant) in _scoped_twins.keys()}
    assert tenants_of_twins == {world.acme.id, world.globex.id}


@pytest.mark.parametrize("query, keys", [
    ("&status=signed", {"n1_alpha"}),
    ("&owner_id=0", set()),
    ("&q=alpha", {"n1_alpha"}),
])
def test_a_filtered_list_neither_takes_nor_leaves_the_open_lists_statement(world, api_client, query, keys):
    """A filter (0 included) is applied on a statement of its own; the list as opened stays whole after it."""
    pagination._shapes.clear()
    whole = names(world, "acme", SEES["rep_n1"])
    assert set(listed(api_client, "acme", "rep_n1")) == whole
    cached = len(pagination._shapes)
    filtered = set(listed(api_client, "acme", "rep_n1", query))
    assert len(pagination._shapes) == cached
    assert filtered == names(world, "acme", keys)
    assert set(listed(api_client, "acme", "rep_n1")) == whole
