"""Every route, API and page: another tenant's object is a 404, identical to a missing one.

The routes are read from `app.url_map`, so a new route is covered the day it is
added. A route with an `<int:…>` parameter this file does not know, or a write
route with no plausible body below, fails loudly: add it here.
"""
import re

import pytest

from crm_platform.extensions import db
from crm_platform.testing import MISSING_ID, dump_rows

PARAM = re.compile(r"<int:(\w+)>")
SAFE = {"HEAD", "OPTIONS"}


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
    }


def route_key(rule):
    """The static segments of a route, e.g. customers/contacts/edit."""
    return "/".join(s for s in rule.rule.split("/") if s and not s.startswith("<") and s not in ("api", "v1"))


def is_plugin_route(app, rule):
    """True for an installed plugin's route: its own tests walk it (e.g. tests/test_example_plugin.py)."""
    return rule.endpoint.rpartition(".")[0] in app.extensions["crm_plugins"].blueprint_owners


def routes_with_ids(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        params = PARAM.findall(rule.rule)
        if params and not is_plugin_route(app, rule):
            yield rule, params


def fill(rule, ids):
    return PARAM.sub(lambda m: str(ids[m.group(1)]), rule.rule)


def normalized(response, is_api):
    """Status and body, without the per-request CSRF token a page may carry."""
    if is_api:
        return response.status_code, response.get_json(silent=True)
    text = re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1", response.get_data(as_text=True))
    return response.status_code, text


def call(client, method, url, body, is_api):
    if body is None:
        return client.open(url, method=method)
    return client.open(url, method=method, **({"json": body} if is_api else {"data": body}))


def check_rule(rule, clients, ids, foreign, body_map, require_404=True):
    """Problems found on one rule, for every method.

    `ids` fills every parameter; each set in `foreign` names parameters whose
    ids must look missing: the answer is compared with the one for MISSING_ID
    in their place.
    """
    problems = []
    key = route_key(rule)
    is_api = rule.rule.startswith("/api/")
    client = clients["api" if is_api else "page"]
    for method in sorted(rule.methods - SAFE):
        body = None
        if method in ("POST", "PATCH", "PUT"):
            body = body_map.get(key, {}).get(method)
            if body is None:
                problems.append(f"{method} {rule.rule}: add a plausible body for {key!r} to bodies()")
                continue
        for params in foreign:
            url = fill(rule, ids)
            answer = call(client, method, url, body, is_api)
            missing = call(client, method, fill(rule, {**ids, **{p: MISSING_ID for p in params}}), body, is_api)
            if require_404 and answer.status_code != 404:
                problems.append(f"{method} {url}: {answer.status_code}, expected 404")
            elif normalized(answer, is_api) != normalized(missing, is_api):
                problems.append(f"{method} {url}: answer differs from the missing id's ({missing.status_code})")
    return problems


def foreign_variants(rule, acme_ids, foreign_ids):
    """(ids, foreign parameters): all parameters foreign at once, then each alone among acme's own."""
    params = PARAM.findall(rule.rule)
    yield {p: foreign_ids[p] for p in params}, [set(params)]
    if len(params) > 1:
        for p in params:
            yield {**{q: acme_ids[q] for q in params}, p: foreign_ids[p]}, [{p}]


def unknown_parameters(app, known):
    return {f"{rule.rule}: {p}" for rule, params in routes_with_ids(app) for p in params if p not in known}


VOLATILE = {"last_used_at", "last_seen_at", "last_login_at"}


def tenant_rows(app, tenant_id):
    """Every row of one tenant, less the columns that only record use."""
    with app.app_context():
        rows = dump_rows(db.engine, db.metadata)
    owner = {table: "id" if table == "tenants" else "tenant_id" for table in rows}
    return {table: [{k: v for k, v in r.items() if k not in VOLATILE} for r in table_rows
                    if r.get(owner[table]) == tenant_id] for table, table_rows in rows.items()}


def test_every_route_parameter_is_known(app, world):
    unknown = unknown_parameters(app, world.acme.route_ids())
    assert not unknown, f"map these route parameters to world objects in TenantWorld.route_ids: {sorted(unknown)}"


def test_another_tenants_objects_are_404_on_every_route(app, world, api_client, page_client):
    acme, globex = world.acme, world.globex
    assert not unknown_parameters(app, acme.route_ids())
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
