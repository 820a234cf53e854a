"""Passwords, server-side sessions and CSRF (sign-in throttling: test_throttle.py)."""
import json
import re
from html.parser import HTMLParser

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from crm_platform.auth.tokens import digest
from crm_platform.extensions import db
from crm_platform.models import LoginSession, User
from crm_platform.tenancy import unscoped
from crm_platform.testing import PASSWORD, sign_in

ME = "/api/v1/me"


def session_token(client):
    with client.session_transaction() as session:
        return session.get("_user_id")


def login_rows(app, user_id):
    with app.app_context(), unscoped("test: read login sessions"):
        return {row.token_hash for row in db.session.scalars(select(LoginSession).where(LoginSession.user_id == user_id))}


def replay(app, client):
    """A new browser holding a copy of `client`'s session cookie."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def stored_hash(app, tenant_id, user_id):
    with app.app_context(), unscoped("test: read a password hash"):
        return db.session.scalar(select(User.password_hash).where(User.id == user_id, User.tenant_id == tenant_id))


# -- passwords -----------------------------------------------------------------------------

def test_passwords_are_argon2id_and_never_returned(world, app, api_client, client):
    created = api_client("acme", "admin").post("/api/v1/users", json={
        "name": "New", "email": "new@example.test", "password": "a long password"})
    signup = client.post("/api/v1/signup", json={"company": "Initech", "slug": "initech", "name": "Bill",
                                                 "email": "bill@initech.test", "password": "tps reports"})
    for tenant_id, user_id in ((world.acme.id, created.json["id"]), (signup.json["tenant"]["id"],
                                                                     signup.json["user"]["id"])):
        assert stored_hash(app, tenant_id, user_id).startswith("$argon2id$")
    admin = api_client("acme", "admin")
    bodies = [created.json, signup.json, admin.get("/api/v1/users?limit=200").json, admin.get(ME).json,
              admin.get(f"/api/v1/users/{world.acme.users['rep_n1'].id}").json,
              admin.patch(f"/api/v1/users/{world.acme.users['rep_n1'].id}", json={"password": "another secret"}).json]
    for body in bodies:
        text = json.dumps(body)
        assert "$argon2" not in text and '"password' not in text


def test_deactivated_user_cannot_sign_in_and_gets_the_same_answer_as_a_wrong_password(world, app, api_client):
    api_client("acme", "admin").delete(f"/api/v1/users/{world.acme.users['rep_n2'].id}")
    deactivated = app.test_client().post("/api/v1/tokens", json={
        "workspace": "acme", "email": "rep_n2@example.test", "password": PASSWORD})
    wrong = app.test_client().post("/api/v1/tokens", json={
        "workspace": "acme", "email": "rep_n1@example.test", "password": "not the password"})
    assert deactivated.status_code == wrong.status_code == 401
    assert deactivated.json == wrong.json
    assert sign_in(app.test_client(), "acme", "rep_n2@example.test").status_code == 401


# -- sessions ------------------------------------------------------------------------------

def test_each_sign_in_makes_a_new_server_side_session(world, app):
    user_id = world.acme.users["rep_n1"].id
    first, second = app.test_client(), app.test_client()
    with first.session_transaction() as session:
        session["_user_id"] = "planted-by-an-attacker"
    assert sign_in(first, "acme", "rep_n1@example.test").status_code == 302
    assert sign_in(second, "acme", "rep_n1@example.test").status_code == 302
    tokens = session_token(first), session_token(second)
    assert tokens[0] != "planted-by-an-attacker" and tokens[0] != tokens[1]
    assert login_rows(app, user_id) == {digest(t) for t in tokens}
    first.post("/logout")
    assert sign_in(first, "acme", "rep_n1@example.test").status_code == 302
    assert session_token(first) not in tokens


def test_session_cookie_holds_no_user_id_and_the_database_no_raw_token(world, app, page_client):
    client = page_client("acme", "rep_n1")
    token = session_token(client)
    assert token != str(world.acme.users["rep_n1"].id) and len(token) > 30
    assert token not in login_rows(app, world.acme.users["rep_n1"].id)


def test_sign_in_cookies_are_http_only_and_same_site(world, app):
    response = sign_in(app.test_client(), "acme", "rep_n1@example.test")
    cookies = response.headers.getlist("Set-Cookie")
    for name in ("session", "crm_device"):
        cookie = next(c for c in cookies if c.startswith(f"{name}="))
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie


def test_logout_deletes_the_session_and_the_old_cookie_stops_working(world, app, page_client):
    client = page_client("acme", "rep_n1")
    stolen = replay(app, client)
    assert stolen.get(ME).status_code == 200
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert login_rows(app, world.acme.users["rep_n1"].id) == set()
    assert client.get(ME).status_code == 401
    assert stolen.get(ME).status_code == 401
    assert stolen.get("/customers/").status_code == 302


def test_changing_password_ends_other_sessions_and_keeps_this_one(world, app, page_client, api_client):
    mine, other = page_client("acme", "rep_n1"), page_client("acme", "rep_n1")
    before = session_token(mine)
    response = mine.post("/account/password", data={"current_password": PASSWORD, "new_password": "a new password!"})
    assert response.status_code == 302
    assert mine.get(ME).status_code == 200
    assert session_token(mine) != before
    assert other.get(ME).status_code == 401
    assert login_rows(app, world.acme.users["rep_n1"].id) == {digest(session_token(mine))}
    assert sign_in(app.test_client(), "acme", "rep_n1@example.test", PASSWORD).status_code == 401
    assert sign_in(app.test_client(), "acme", "rep_n1@example.test", "a new password!").status_code == 302


def test_wrong_current_password_changes_nothing(world, app, page_client):
    mine, other = page_client("acme", "rep_n1"), page_client("acme", "rep_n1")
    response = mine.post("/account/password", data={"current_password": "guess", "new_password": "a new password!"})
    assert response.status_code == 422
    assert other.get(ME).status_code == 200
    assert sign_in(app.test_client(), "acme", "rep_n1@example.test").status_code == 302


def test_admin_password_reset_and_deactivation_sign_the_user_out(world, app, page_client, api_client):
    admin = api_client("acme", "admin")
    rep_n1, rep_n2 = page_client("acme", "rep_n1"), page_client("acme", "rep_n2")
    admin.patch(f"/api/v1/users/{world.acme.users['rep_n1'].id}", json={"password": "reset by admin"})
    admin.delete(f"/api/v1/users/{world.acme.users['rep_n2'].id}")
    assert rep_n1.get(ME).status_code == 401
    assert rep_n2.get(ME).status_code == 401
    assert login_rows(app, world.acme.users["rep_n1"].id) == set()


def test_a_session_is_bound_to_its_tenant(world, app, page_client):
    client = page_client("globex", "rep_n1")
    me = client.get(ME).json
    assert me["id"] == world.globex.users["rep_n1"].id
    ids = {c["id"] for c in client.get("/api/v1/customers").json["items"]}
    assert ids == {world.globex.customers[k].id for k in ("n1_alpha", "n1_beta", "s1_shared")}


def test_next_parameter_cannot_redirect_off_site(world, app):
    for target in ("//evil.test/", "https://evil.test/", "/\\evil.test", "javascript:alert(1)"):
        response = app.test_client().post(f"/login?next={target}", data={
            "workspace": "acme", "email": "rep_n1@example.test", "password": PASSWORD})
        location = urlsplit(response.headers["Location"])
        assert not location.scheme and not location.netloc and not location.path.startswith(("//", "/\\")), target


# -- CSRF ----------------------------------------------------------------------------------

@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_login_without_csrf_token_is_refused(world, app):
    client = app.test_client()
    response = sign_in(client, "acme", "rep_n1@example.test")
    assert response.status_code == 400
    assert client.get(ME).status_code == 401
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"workspace": "acme", "email": "rep_n1@example.test",
                                           "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert client.get(ME).status_code == 200
    assert client.post("/logout").status_code == 400
    assert client.get(ME).status_code == 200


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_api_writes_with_the_session_cookie_need_the_csrf_token(world, app, api_client):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"workspace": "acme", "email": "rep_n1@example.test", "password": PASSWORD,
                                "csrf_token": token})
    assert client.get("/api/v1/customers").status_code == 200
    token = csrf_token_on(client, "/customers/")
    refused = client.post("/api/v1/customers", json={"name": "Forged"})
    assert refused.status_code == 400
    assert set(refused.json["error"]) == {"message", "fields"}
    assert client.post("/api/v1/customers", json={"name": "Mine"}, headers={"X-CSRFToken": token}).status_code == 201
    assert api_client("acme", "rep_n1").post("/api/v1/customers", json={"name": "By token"}).status_code == 201
    names = {c["name"] for c in client.get("/api/v1/customers?limit=200").json["items"]}
    assert "Forged" not in names and {"Mine", "By token"} <= names


def csrf_token_on(client, url):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


class Forms(HTMLParser):
    """Collects each <form>: its method and the names and values of its inputs."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"),
                               "inputs": {}})
        elif tag in ("input", "button", "select", "textarea") and self.forms and attrs.get("name"):
            self.forms[-1]["inputs"][attrs["name"]] = attrs.get("value")


# Pages for people who are not signed in: sign-in, signup and the pages behind emailed links.
ANONYMOUS_PAGES = ("/login", "/signup", "/forgot-password", "/reset/<token>", "/invite/<token>")


def _link_tokens(app, world):
    """Valid reset and invitation tokens for acme's admin, to open the pages behind emailed links."""
    from crm_platform.mail.tokens import make_token
    from crm_platform.tenancy import tenant_scope

    with app.app_context(), tenant_scope(world.acme.id):
        admin = db.session.get(User, world.acme.users["admin"].id)
        return {"reset_password": make_token("reset", admin), "accept_invitation": make_token("invite", admin)}


def _collaboration_ids(app, world):
    """Ids of an announcement and a work log of acme's admin (the world has neither), for their pages."""
    from crm_platform.models import Announcement, WorkLog
    from crm_platform.models.base import utcnow
    from crm_platform.tenancy import tenant_scope

    admin_id = world.acme.users["admin"].id
    with app.app_context(), tenant_scope(world.acme.id, admin_id):
        notice = Announcement(title="Notice", body="Read me", author_id=admin_id, published_at=utcnow())
        log = WorkLog(user_id=admin_id, kind="daily", day=utcnow().date(), body="Called three customers")
        db.session.add_all([notice, log])
        db.session.commit()
        return {"announcement_id": notice.id, "work_log_id": log.id}


def _pages(app, world, anonymous):
    """Every GET page (not API, not static) with its int parameters filled from acme."""
    ids = {**world.acme.route_ids(), **({} if anonymous else _collaboration_ids(app, world))}
    tokens = _link_tokens(app, world)
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(("/api", "/static")) or rule.endpoint == "index":
            continue
        if rule.endpoint.rpartition(".")[0] in app.extensions["crm_plugins"].blueprint_owners:
            continue  # off for acme here; each plugin's own tests check its forms
        if anonymous != (rule.rule in ANONYMOUS_PAGES):
            continue
        values = {**ids, "token": tokens.get(rule.endpoint.rpartition(".")[2])}
        missing = {name for name in rule.arguments if values.get(name) is None}
        assert not missing, f"{rule.rule}: add {missing} to TenantWorld.route_ids"
        yield rule.rule, re.sub(r"<(?:int:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("anonymous", [True, False])
def test_every_post_form_on_every_page_carries_a_csrf_token(world, app, anonymous):
    client = app.test_client()
    if not anonymous:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
        client.post("/login", data={"workspace": "acme", "email": "admin@example.test", "password": PASSWORD,
                                    "csrf_token": token})
    checked = 0
    for rule, url in _pages(app, world, anonymous):
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        parser = Forms()
        parser.feed(response.get_data(as_text=True))
        for form in parser.forms:
            if form["method"] == "post":
                assert form["inputs"].get("csrf_token"), f"{rule}: a POST form to {form['action']} has no csrf_token"
                checked += 1
    assert checked >= (2 if anonymous else 5)
