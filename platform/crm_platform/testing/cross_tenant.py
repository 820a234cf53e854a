"""The cross-tenant walk: every route with ids answers another tenant's object exactly as a missing one.

The core's walk (tests/test_cross_tenant.py) and every module's use these, so a
plugin's routes are walked the same way: give `walk` the routes, the ids of one
tenant's objects by route parameter, the other tenant's, and a plausible body
per route for each writing method.
"""
import re

from crm_platform.testing.world import MISSING_ID, dump_rows

PARAM = re.compile(r"<int:(\w+)>")
SAFE = {"HEAD", "OPTIONS"}
VOLATILE = {"last_used_at", "last_seen_at", "last_login_at"}


def route_key(rule):
    """The static segments of a route, e.g. customers/contacts/edit."""
    return "/".join(s for s in rule.rule.split("/") if s and not s.startswith("<") and s not in ("api", "v1"))


def fill(rule, ids):
    """The route's URL with each `<int:name>` replaced by ids[name]."""
    return PARAM.sub(lambda m: str(ids[m.group(1)]), rule.rule)


def normalized(response, is_api):
    """Status and body, without the per-request CSRF token a page may carry."""
    if is_api:
        return response.status_code, response.get_json(silent=True)
    text = re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1", response.get_data(as_text=True))
    return response.status_code, text


def call(client, method, url, body, is_api):
    """One request: JSON for the API, a form post for pages."""
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


def rules_with_ids(app, blueprints=None):
    """(rule, parameters) of every route with `<int:…>` parameters; only `blueprints`' when given."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        params = PARAM.findall(rule.rule)
        if params and (blueprints is None or rule.endpoint.rpartition(".")[0] in blueprints):
            yield rule, params


def unknown_parameters(rules, known):
    """"route: parameter" for every parameter of `rules` (from rules_with_ids) missing from `known`."""
    return {f"{rule.rule}: {p}" for rule, params in rules for p in params if p not in known}


def walk(rules, clients, acme_ids, foreign_ids, body_map):
    """Problems found walking `rules` as acme's `clients` ({"api": ..., "page": ...}) with foreign ids."""
    problems = []
    for rule, _ in rules:
        for ids, foreign in foreign_variants(rule, acme_ids, foreign_ids):
            problems += check_rule(rule, clients, ids, foreign, body_map)
    return problems


def tenant_rows(app, tenant_id):
    """Every row of one tenant, less the columns that only record use."""
    from crm_platform.extensions import db

    with app.app_context():
        rows = dump_rows(db.engine, db.metadata)
    owner = {table: "id" if table == "tenants" else "tenant_id" for table in rows}
    return {table: [{k: v for k, v in r.items() if k not in VOLATILE} for r in table_rows
                    if r.get(owner[table]) == tenant_id] for table, table_rows in rows.items()}


def walk_blueprints(app, world, clients, blueprints, ids, bodies):
    """Walk the routes with ids of `blueprints` as acme's `clients` with globex's ids; returns the count.

    Asserts that no answer leaks (another workspace's id answers like a missing
    one) and that nothing of globex changed. `ids` is {"acme": {parameter: id},
    "globex": {parameter: id}}; `bodies` is {route key: {method: body}} (see
    check_rule). A plugin's tests call it once per feature.
    """
    rules = list(rules_with_ids(app, set(blueprints)))
    unknown = unknown_parameters(rules, ids["acme"])
    assert not unknown, f"give these route parameters an id in the walk: {sorted(unknown)}"
    before = tenant_rows(app, world.globex.id)
    problems = walk(rules, clients, ids["acme"], ids["globex"], bodies)
    assert not problems, "\n".join(problems)
    assert tenant_rows(app, world.globex.id) == before, "a request changed the other workspace's data"
    return len(rules)
