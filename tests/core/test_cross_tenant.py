"""Every route, API and page: another tenant's object is a 404, identical to a missing one.

The routes are read from `app.url_map`, so a new route is covered the day it is
added. A route with an `<int:…>` parameter this file does not know, or a write
route with no plausible body below, fails loudly: add it here.
"""
import pytest

from crm_platform.testing.cross_tenant import (
    check_rule, foreign_variants, rules_with_ids, tenant_rows, unknown_parameters,
)


def bodies(acme):
    """A plausible body per route (its static path segments) and method, so requests reach the lookup."""
    users = acme.users
    return {
        "customers": {"PATCH": {"name": "Renamed"}},
        "customers/reassign": {"POST": {"owner_id": users["admin"].id}},
        "customers/contacts": {"POST": {"name": "Contact"}, "PATCH": {"name": "Contact"}},
        "customers/activities": {"POST": {"kind": "call", "occurred_at": "2026-01-01T10:00:00Z"},
                                 "PATCH": {"subject": "Changed"}},
        "customers/shares": {"POST": {"user_id": users["rep_n2"].id}},
        "customers/merge": {"POST": {"merge_id": acme.customers["n1_beta"].id}},
        "customers/attachments": {"POST": {}},
        "customers/attachments/delete": {"POST": {}},
        "org-units": {"PATCH": {"name": "Renamed"}},
        "users": {"PATCH": {"name": "Renamed"}},
        "users/invitation": {"POST": {}},
        # pages (form posts)
        "customers/edit": {"POST": {"name": "Renamed", "kind": "company", "status": "following",
                                    "level": "potential"}},
        "customers/delete": {"POST": {}},
        "customers/contacts/edit": {"POST": {"name": "Contact"}},
        "customers/contacts/delete": {"POST": {}},
        "customers/activities/delete": {"POST": {}},
        "customers/shares/delete": {"POST": {}},
        "org/units/edit": {"POST": {"name": "Renamed", "kind": "team"}},
        "org/units/delete": {"POST": {}},
        "org/users/edit": {"POST": {"name": "Renamed", "email": "renamed@example.test", "role": "rep"}},
        "org/users/invite": {"POST": {}},
        "account/tokens/revoke": {"POST": {}},
        "org/users/tokens/revoke": {"POST": {}},
        "imports/resume": {"POST": {}},
        "imports/mapping": {"POST": {"column-0": "name", "on_duplicate": "skip"}},
        "imports/run": {"POST": {}},
        "reminders/done": {"POST": {}},
        "today/done": {"POST": {}},
        # the customer pool (API and pages share the keys)
        "pool/claim": {"POST": {}},
        "pool/assign": {"POST": {"owner_id": users["admin"].id}},
        "pool/move": {"POST": {}},
        "customers/pool": {"POST": {}},
        "custom-fields": {"PATCH": {"label": "Renamed"}},
        "admin/custom-fields/edit": {"POST": {"entity": "customer", "key": "grade", "label": "Renamed",
                                              "type": "choice", "choices": "A\nB\nC"}},
        "admin/custom-fields/delete": {"POST": {}},
        "follow-ups/done": {"POST": {}},
        "today/follow-ups/done": {"POST": {}},
        # the business calendar (API deletes need no body)
        "admin/workspace/calendar/days/delete": {"POST": {}},
        "calendar/time-off/delete": {"POST": {}},
    }


def is_plugin_route(app, rule):
    """True for an installed plugin's route: its own tests walk it (tests/plugins/<name>/, test_example_plugin.py)."""
    return rule.endpoint.rpartition(".")[0] in app.extensions["crm_plugins"].blueprint_owners


# Core features whose own tests walk their routes with objects they make in both workspaces (walk_blueprints):
# tests/core/test_announcements_walk.py and test_work_logs_walk.py.
WALKED_BY_THEIR_OWN_TESTS = {"announcements", "announcements_api", "work_logs", "work_logs_api"}


def routes_with_ids(app):
    """The core's routes with ids, less those their own feature's walk covers."""
    return [(rule, params) for rule, params in rules_with_ids(app) if not is_plugin_route(app, rule)
            and rule.endpoint.rpartition(".")[0] not in WALKED_BY_THEIR_OWN_TESTS]


def unknown_core_parameters(app, known):
    return unknown_parameters(routes_with_ids(app), known)


def test_every_route_parameter_is_known(app, world):
    unknown = unknown_core_parameters(app, world.acme.route_ids())
    assert not unknown, f"map these route parameters to world objects in TenantWorld.route_ids: {sorted(unknown)}"


def test_another_tenants_objects_are_404_on_every_route(app, world, api_client, page_client):
    acme, globex = world.acme, world.globex
    assert not unknown_core_parameters(app, acme.route_ids())
    clients = {"api": api_client("acme", "admin"), "page": page_client("acme", "admin")}
    before = tenant_rows(app, globex.id)
    problems, checked = [], 0
    for rule, _ in routes_with_ids(app):
        for ids, foreign in foreign_variants(rule, acme.route_ids(), globex.route_ids()):
            problems += check_rule(rule, clients, ids, foreign, bodies(acme))
        checked += 1
    assert checked >= 20
    assert not problems, "\n".join(problems)
    assert tenant_rows(app, globex.id) == before, "a request changed the other tenant's data"
    assert clients["page"].get("/api/v1/me").status_code == 200


def test_a_hidden_customer_is_404_on_every_customer_route(app, world, api_client, page_client):
    acme = world.acme
    clients = {"api": api_client("acme", "rep_n1"), "page": page_client("acme", "rep_n1")}
    # s1 belongs to rep_s1 and is not shared with rep_n1; its contact and activity go with it.
    hidden = acme.route_ids("s1")
    before = tenant_rows(app, acme.id)
    problems, checked = [], 0
    for rule, params in routes_with_ids(app):
        if "customer_id" not in params:
            continue
        problems += check_rule(rule, clients, {p: hidden[p] for p in params}, [{"customer_id"}], bodies(acme))
        checked += 1
    assert checked >= 10
    assert not problems, "\n".join(problems)
    assert tenant_rows(app, acme.id) == before, "a request changed a hidden customer's data"


@pytest.mark.parametrize("path", ["/api/v1/customers", "/api/v1/users", "/api/v1/org-units", "/api/v1/tokens",
                                  "/api/v1/audit", "/api/v1/pool", "/api/v1/custom-fields"])
def test_lists_hold_only_this_tenants_rows(world, api_client, path):
    response = api_client("acme", "admin").get(path, query_string={"limit": 200})
    assert response.status_code == 200
    ids = {item["id"] for item in response.json["items"]}
    globex = world.globex
    foreign = {c.id for c in globex.customers.values()} if "customers" in path else \
        {u.id for u in globex.users.values()} if "users" in path else \
        {u.id for u in globex.units.values()} if "org-units" in path else \
        {t.id for t in globex.tokens.values()} if "tokens" in path else \
        {globex.field_id} if "custom-fields" in path else set()
    assert not ids & foreign
