"""The cross-tenant walk of one feature of the module (crm_platform.testing.cross_tenant), as its tests call it."""
from crm_platform.testing.cross_tenant import walk_blueprints

FEATURES = ("overview", "customers", "purchases", "referrals", "runs", "rules")


def walk_feature(app, world, api_client, page_client, feature, ids, bodies, user="admin"):
    """Walk `feature`'s pages and API as acme's `user` with globex's ids; asserts no leak and no write; the count."""
    clients = {"api": api_client("acme", user), "page": page_client("acme", user)}
    return walk_blueprints(app, world, clients, {f"insights_{feature}", f"insights_{feature}_api"}, ids, bodies)
