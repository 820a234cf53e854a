"""Every page of the core and of every bundled module answers with the Content-Security-Policy, errors included.

The walk opens each GET page route once as acme's admin with every module on (the
world's objects where the core has them, a missing id elsewhere: the 404 page), and
once signed out; `csp_support.page_problems` checks the header and that the page holds
no inline script, handler, style or javascript: URL.
"""
import re

import pytest

from crm_platform import sdk
from crm_platform.testing import MISSING_ID
from csp_support import CONTENT_SECURITY_POLICY, page_problems

BUNDLED = ("sales_automation", "service_support", "task_dispatch", "customer_insights")
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


class FailingPlugin:
    """A page that fails, for the server error page."""

    @sdk.hookimpl
    def crm_blueprints(self):
        pages = sdk.Blueprint("failing", __name__, url_prefix="/failing")

        @pages.route("/")
        @sdk.page_login_required
        def index():
            raise RuntimeError("a bug")

        return [pages]


def page_rules(app):
    """GET rules that answer pages: not the API, not static files."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" in rule.methods and not rule.rule.startswith("/api/") and not rule.endpoint.endswith("static"):
            yield rule


def url_of(rule, ids):
    """The rule's URL: known ids for `<int:…>`, a missing id or word for the rest."""
    def value(match):
        converter, name = match.groups()
        if converter == "int":
            return str(ids.get(name, MISSING_ID))
        return "missing"
    return PARAMETER.sub(value, rule.rule)


def walk(app, client, ids):
    """(problems, HTML pages checked) over every page rule."""
    problems, pages = [], 0
    for rule in page_rules(app):
        url = url_of(rule, ids)
        response = client.get(url)
        if response.mimetype == "text/html":
            pages += 1
            problems += [f"GET {url} ({response.status_code}): {p}" for p in page_problems(response)]
    return problems, pages


def test_every_page_answers_with_the_policy(app, world, page_client, enable_plugin):
    for name in BUNDLED:
        enable_plugin("acme", name)
    problems, pages = walk(app, page_client("acme", "admin"), world.acme.route_ids())
    assert not problems, "\n".join(problems)
    assert pages >= 140


def test_pages_for_visitors_who_are_not_signed_in_have_it_too(app, world, client):
    problems, pages = walk(app, client, world.acme.route_ids())
    assert not problems, "\n".join(problems)
    login = client.get("/login")
    assert login.status_code == 200 and login.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert pages >= 10


def test_companions_of_the_policy(client):
    answer = client.get("/login")
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    policy = dict(part.split(" ", 1) for part in answer.headers["Content-Security-Policy"].split("; "))
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in answer.headers["Content-Security-Policy"]


def test_json_answers_and_static_files_carry_it_too(client):
    for url in ("/api/v1/customers", "/api/openapi.json", "/static/crm.css", "/no-such-page"):
        assert client.get(url).headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url


def test_a_download_keeps_its_own_sandboxing_policy(world, page_client):
    ids = world.acme.route_ids()
    answer = page_client("acme", "admin").get(f"/customers/{ids['customer_id']}/attachments/{ids['attachment_id']}")
    assert answer.status_code == 200
    assert answer.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"



@pytest.mark.app_config(CRM_PLUGINS={"crm_failing": FailingPlugin()}, PROPAGATE_EXCEPTIONS=False)
def test_the_server_error_page_has_it_too(page_client, enable_plugin):
    enable_plugin("acme", "crm_failing")
    answer = page_client("acme", "rep_n1").get("/failing/")
    assert answer.status_code == 500 and answer.mimetype == "text/html"
    assert page_problems(answer) == []
