"""Every route of the catalogue, walked with the other workspace's ids: a 404 like a missing id, no write."""
from dispatch_profiles_kit import add_item
from dispatch_walk import walk_feature


def test_every_catalogue_route_keeps_to_its_workspace(dispatch, app, api_client, page_client):
    ids = {tenant: {"item_id": add_item(api_client, tenant, "skill", "forklift", "Forklift")["id"]}
           for tenant in ("acme", "globex")}
    bodies = {
        "dispatch/catalogue": {"PATCH": {"name": "Changed"}},
        "dispatch/catalogue/archive": {"POST": {}},
        "dispatch/catalogue/unarchive": {"POST": {}},
        "dispatch/catalogue/edit": {"POST": {"name": "Changed"}},
    }
    assert walk_feature(app, dispatch, api_client, page_client, "catalogue", ids, bodies) == 6
