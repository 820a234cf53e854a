"""The cross-tenant walk of one feature of the module (crm_platform.testing.cross_tenant), as its tests call it."""
from crm_platform.testing.cross_tenant import rules_with_ids, tenant_rows, unknown_parameters, walk

FEATURES = ("leads", "pipelines", "competitors", "todos", "quotes", "contracts", "payments")


def feature_rules(app, feature):
    """(rule, parameters) of the routes with ids of `feature`'s pages and API."""
    return list(rules_with_ids(app, {f"sales_{feature}", f"sales_{feature}_api"}))


def walk_feature(app, world, api_client, page_client, feature, ids, bodies, user="admin"):
    """Walk `feature`'s routes as acme's `user` with globex's ids; asserts no leak and no write; returns the count.

    `ids` is {"acme": {parameter: id}, "globex": {parameter: id}}; `bodies` is
    {route key: {method: body}} (see crm_platform.testing.cross_tenant.check_rule).
    """
    rules = feature_rules(app, feature)
    unknown = unknown_parameters(rules, ids["acme"])
    assert not unknown, f"give these route parameters an id in the walk of {feature}: {sorted(unknown)}"
    clients = {"api": api_client("acme", user), "page": page_client("acme", user)}
    before = tenant_rows(app, world.globex.id)
    problems = walk(rules, clients, ids["acme"], ids["globex"], bodies)
    assert not problems, "\n".join(problems)
    assert tenant_rows(app, world.globex.id) == before, "a request changed the other workspace's data"
    return len(rules)
