"""The authorization matrix: who may call each route, read from TOML files and checked role by role.

The core's rows are ``crm_platform/authorization.toml``; every plugin keeps its own
rows in ``authorization.toml`` next to the module its entry point names (found from
the plugin registry, or from the entry points before any app exists). A row is keyed
``"METHOD rule"`` exactly as ``app.url_map`` spells the rule, and says which of the
roles below may call it (docs/security.md, Authorization; docs/plugins.md).

A test makes each request as a world user of each role in acme (anonymous: no
credentials) and compares the answer with the row: an allowed role gets a success
(2xx, or a redirect elsewhere than the sign-in page) or an answer the row lists in
``ok``; a denied one gets exactly the row's denial. Path parameters come from the
world by name, or from the *makers* the row names in ``ids``: functions of the test
module that make what the route needs.
"""
import io
import re
import tomllib
from dataclasses import dataclass, field
from importlib import import_module, resources
from importlib.metadata import entry_points
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crm_platform.testing.world import ATTACHMENT_BYTES

FILE_NAME = "authorization.toml"
CORE = "core"
ROLES = ("anonymous", "rep", "manager", "executive", "admin")
SIGNED_IN = ROLES[1:]
USERS = {"rep": "rep_s1", "manager": "manager_south", "executive": "executive", "admin": "admin"}
"""The world user who plays each role: rep_s1's customers (s1, s1_shared) are in sight of all four."""
SAFE = frozenset({"GET"})
METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
ALLOW_WORDS = {"anyone": frozenset(ROLES), "signed-in": frozenset(SIGNED_IN)}
KEYS = {"allow", "permission", "denied", "ids", "body", "query", "files", "ok", "note", "by_body"}
SAMPLES = {"customers.csv": b"Name\nMatrix Trading\n", "brochure.pdf": ATTACHMENT_BYTES}
"""Files a row may upload by name (`files = { file = "brochure.pdf" }`)."""
DENIALS = (403, 404, 302)
"""How a signed-in role is refused: forbidden, hidden as missing, or (a page's way) sent elsewhere with a message."""
PARAMETER = re.compile(r"<(?:[^:<>]+:)?(\w+)>")


@dataclass(frozen=True)
class Entry:
    """One row of the matrix: an operation (method and rule) and who may call it."""

    method: str
    rule: str
    allow: frozenset
    source: str
    permission: str | None = None
    denied: dict = field(default_factory=dict)
    ids: str | list | None = None
    body: dict | None = None
    query: dict | None = None
    files: dict | None = None
    ok: frozenset = frozenset()
    note: str | None = None
    by_body: bool = False

    @property
    def key(self):
        """``"METHOD rule"``, as the row is written."""
        return f"{self.method} {self.rule}"

    @property
    def is_api(self):
        """True for the JSON API, whose answers to strangers are 401s rather than the sign-in page."""
        return self.rule.startswith("/api/")

    @property
    def parameters(self):
        """Names of the rule's path parameters."""
        return PARAMETER.findall(self.rule)

    def denial(self, role):
        """What a denied `role` gets: 401 (API) or the sign-in page ("login") when anonymous, else 403 or the row's."""
        if role == "anonymous":
            return 401 if self.is_api else "login"
        return self.denied.get(role, 403)

    def __str__(self):
        return self.key


def read_matrix(text, source):
    """The entries of one matrix file's text; ValueError naming the row for anything malformed."""
    entries = []
    for key, row in tomllib.loads(text).items():
        method, _, rule = key.partition(" ")
        problem = _row_problem(method, rule, row)
        if problem:
            raise ValueError(f"{source}: {key!r}: {problem}")
        allow = row["allow"]
        denied = row.get("denied", {})
        entries.append(Entry(
            method=method, rule=rule, source=source, permission=row.get("permission"),
            allow=ALLOW_WORDS[allow] if isinstance(allow, str) else frozenset(allow),
            denied={role: denied for role in SIGNED_IN} if isinstance(denied, int) else dict(denied),
            ids=row.get("ids"), body=row.get("body"), query=row.get("query"), files=row.get("files"),
            ok=frozenset(row.get("ok", ())), note=row.get("note"), by_body=row.get("by_body", False),
        ))
    return entries


def _row_problem(method, rule, row):
    """Why a row cannot be read, or None."""
    if method not in METHODS or not rule.startswith("/"):
        return "the key must be 'METHOD /rule' with METHOD one of " + ", ".join(sorted(METHODS))
    if not isinstance(row, dict) or "allow" not in row:
        return "a row is a table with at least `allow`"
    if set(row) - KEYS:
        return f"unknown keys {sorted(set(row) - KEYS)}; a row may have {sorted(KEYS)}"
    allow = row["allow"]
    if isinstance(allow, str) and allow not in ALLOW_WORDS:
        return f"`allow` is {' or '.join(map(repr, ALLOW_WORDS))}, or a list of roles"
    if not isinstance(allow, str) and (not isinstance(allow, list) or set(allow) - set(ROLES)):
        return f"`allow` lists roles among {ROLES}"
    denied = row.get("denied", 403)
    codes = denied.values() if isinstance(denied, dict) else [denied]
    if any(code not in DENIALS for code in codes) or (isinstance(denied, dict) and set(denied) - set(SIGNED_IN)):
        return "`denied` is 403, 404 or 302, or a table of them by signed-in role"
    if set(row.get("files", {}).values()) - set(SAMPLES):
        return f"`files` names samples among {sorted(SAMPLES)}"
    if not isinstance(row.get("by_body", False), bool):
        return "`by_body` is true or false"
    if any(answer != "login" and not isinstance(answer, int) for answer in row.get("ok", ())):
        return "`ok` lists statuses (or \"login\", the sign-in page) that mean allowed here"
    return None


def read_file(path, source):
    """The entries of the matrix file at `path` (a Path or an importlib resource)."""
    return read_matrix(path.read_text(encoding="utf-8"), source)


def core_file():
    """The core's matrix file."""
    return resources.files("crm_platform") / FILE_NAME


def plugin_file(plugin):
    """The matrix file of a plugin (its hook module or object): ``authorization.toml`` in its package."""
    module = plugin if hasattr(plugin, "__file__") else import_module(type(plugin).__module__)
    folder = Path(module.__file__).parent
    return folder / FILE_NAME


def installed_files():
    """{source: matrix file} of the core and of every installed plugin, found without an app (for collection)."""
    files = {CORE: core_file()}
    for ep in entry_points(group="crm_platform.plugins"):
        try:
            files[ep.name] = plugin_file(import_module(ep.value.partition(":")[0]))
        except ImportError:  # a broken plugin: the app reports it, its routes are never served
            continue
    return files


def app_files(app):
    """{source: matrix file} of the core and of every plugin that loaded in `app` (the registry's records)."""
    registry = app.extensions["crm_plugins"]
    return {CORE: core_file(), **{record.name: plugin_file(record.plugin) for record in registry.ok_records()}}


def app_operations(app):
    """{"METHOD rule": endpoint} of every operation `app` serves (HEAD and OPTIONS are Werkzeug's)."""
    return {f"{method} {rule.rule}": rule.endpoint for rule in app.url_map.iter_rules()
            for method in rule.methods & METHODS}


def cases(entries):
    """Test cases of `entries`: (entry, roles) pairs to check in one test each, as pytest params.

    A GET checks every role in one test. A write would change what the next role
    finds, so its denied roles share one test (they must change nothing) and each
    allowed role has a test of its own, on the fresh database every test starts with.
    """
    params = []
    for entry in entries:
        if entry.method in SAFE:
            groups = [ROLES]
        else:
            denied = tuple(role for role in ROLES if role not in entry.allow)
            groups = ([denied] if denied else []) + [(role,) for role in ROLES if role in entry.allow]
        for roles in groups:
            label = "denied" if entry.method not in SAFE and roles[0] not in entry.allow else "+".join(roles)
            params.append(pytest.param(entry, roles, id=f"{entry.key} [{label if len(roles) < 5 else 'all'}]",
                                       marks=pytest.mark.authz_matrix))
    return params


NO_SCHEMA_TAKES = {"\u2603 not a field": [None]}
"""A JSON body every operation's schema refuses (an unknown field), for the denied roles' second request."""


def fill(rule, ids):
    """The rule's URL with every path parameter replaced by its value in `ids`."""
    return PARAMETER.sub(lambda m: str(ids[m.group(1)]), rule)


def filled(value, ids):
    """`value` (a body or query) with every string "{name}" replaced by ids[name]."""
    if isinstance(value, dict):
        return {key: filled(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [filled(item, ids) for item in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
        return ids[value[1:-1]]
    return value


def judge(entry, role, response):
    """What is wrong with `response` to `role`'s request for `entry`, or None."""
    status, expected_denial = response.status_code, entry.denial(role)
    to_login = _is_sign_in_redirect(response)
    if status >= 500:
        return f"{entry.key} as {role}: {status}" + _detail(response)
    if role in entry.allow:
        if ("login" if to_login else status) in entry.ok or (status < 400 and not to_login):
            return None
        why = {404: " (are the ids in this role's sight?)", 400: " (a body or query that passes validation?)",
               422: " (a body or query that passes validation?)"}.get(status, "")
        return f"{entry.key} as {role}: {'the sign-in page' if to_login else status}, expected allowed{why}" \
            + _detail(response)
    if expected_denial == "login":
        return None if to_login else f"{entry.key} as {role}: {status}, expected the sign-in page"
    if status == expected_denial and not to_login:
        return None
    return f"{entry.key} as {role}: {status}, expected {expected_denial}" + _detail(response)


def _detail(response):
    """The API's error message and fields, to say why (pages say it in HTML)."""
    error = (response.get_json(silent=True) or {}).get("error") if response.is_json else None
    return f": {str(error)[:300]}" if error else ""


def _is_sign_in_redirect(response):
    """True when `response` sends the browser to the sign-in page."""
    return response.status_code in (301, 302, 303, 307, 308) and urlsplit(response.location or "").path == "/login"


class Requests:
    """Makes a case's requests as each role in acme, path parameters filled by the world or the row's maker.

    `makers` is {name: function(requests, user_key) -> {parameter: value}}: a row's
    ``ids`` names one or a list of them; `user_key` is the acting world user (rep_s1
    for anonymous requests). Each maker runs at most once per user and test; one that
    makes a shared record wraps it in `requests.once(key, make)`.
    """

    def __init__(self, app, world, api_client, page_client, makers, tenant_session=None):
        self.app, self.world = app, world
        self.api_client, self.page_client = api_client, page_client
        self.tenant_session = tenant_session
        self.makers = makers
        self.made = {}
        self.memo = {}

    def once(self, key, make):
        """`make()` the first time `key` is asked for in this test, then the same value."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def ids(self, entry, user_key):
        """Values for the entry's path parameters as `user_key` would use them."""
        ids = dict(self.world.acme.route_ids())
        for name in [entry.ids] if isinstance(entry.ids, str) else entry.ids or ():
            if name not in self.makers:
                raise LookupError(f"{entry.key}: no maker {name!r} in this test module")
            if (name, user_key) not in self.made:
                self.made[name, user_key] = self.makers[name](self, user_key)
            ids.update(self.made[name, user_key])
        missing = [name for name in entry.parameters if ids.get(name) is None]
        if missing:
            raise LookupError(f"{entry.key}: give {missing} a value (a maker named in the row's `ids`)")
        return ids

    def client(self, entry, role):
        """A client acting as `role`: no credentials, a bearer token (API) or a signed-in session (pages)."""
        if role == "anonymous":
            return self.app.test_client()
        make = self.api_client if entry.is_api else self.page_client
        return make("acme", USERS[role])

    def send(self, entry, role, body=None):
        """`role`'s request for `entry` (with `body` instead of the row's, if given); the response."""
        ids = self.ids(entry, USERS.get(role, USERS["rep"]))
        client = self.client(entry, role)
        if body is None:
            body = filled({} if entry.body is None and entry.method not in SAFE else entry.body, ids)
        if entry.files:
            payload = {"data": {**(body or {}), **{name: (io.BytesIO(SAMPLES[sample]), sample)
                                                   for name, sample in entry.files.items()}}}
        else:
            payload = {} if body is None else {"json": body} if entry.is_api else {"data": body}
        return client.open(fill(entry.rule, ids), method=entry.method, query_string=filled(entry.query, ids),
                           **payload)

    def check(self, entry, roles):
        """Problems found making `entry`'s request as each of `roles`, in order.

        A signed-in role denied an API write also sends a body no schema takes: the answer
        is still its denial, not a 422 that would tell it what the operation expects
        (unless the row says the body decides: `by_body`).
        """
        problems = [problem for role in roles if (problem := judge(entry, role, self.send(entry, role)))]
        if entry.is_api and entry.method not in SAFE and not entry.files and not entry.by_body:
            refused = [role for role in roles if role not in entry.allow and role != "anonymous"]
            problems += [f"{problem} (with a body no schema takes)" for role in refused
                         if (problem := judge(entry, role, self.send(entry, role, body=NO_SCHEMA_TAKES)))]
        return problems


def check_case(entry, roles, requests):
    """Assert that every role of the case gets what the row says."""
    problems = requests.check(entry, roles)
    assert not problems, "\n".join(problems)
