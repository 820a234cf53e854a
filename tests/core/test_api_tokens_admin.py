"""API tokens end when they should: an admin's password reset revokes them, admins list and revoke any user's
(audited), and the answer that carries a new token is never cached."""
import re

import pytest

from crm_platform.testing import PASSWORD, bearer_client

ME = "/api/v1/me"


def tokens_url(user_id, token_id=None):
    return f"/api/v1/users/{user_id}/tokens" + (f"/{token_id}" if token_id else "")


def audit_of_tokens(admin):
    return admin.get("/api/v1/audit", query_string={"entity": "api_token"}).json["items"]


def csrf_token_on(client, url):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


# -- a password set by an admin --------------------------------------------------------------

@pytest.mark.parametrize("via", ["api", "page"])
def test_an_admin_who_sets_a_password_revokes_the_users_api_tokens(world, app, api_client, page_client, via):
    rep = world.acme.users["rep_n1"]
    mine, theirs, admin = api_client("acme", "rep_n1"), api_client("acme", "rep_n2"), api_client("acme", "admin")
    second = bearer_client(app, mine.post("/api/v1/tokens", json={"name": "laptop"}).json["token"])
    assert second.get(ME).status_code == 200
    if via == "api":
        assert admin.patch(f"/api/v1/users/{rep.id}", json={"password": "set by the admin"}).status_code == 200
    else:
        page = page_client("acme", "admin")
        saved = page.post(f"/org/users/{rep.id}/edit", data={"name": rep.name, "email": rep.email, "role": "rep",
                                                            "active": "true", "password": "set by the admin"})
        assert saved.status_code == 302
    assert mine.get(ME).status_code == 401 and second.get(ME).status_code == 401
    assert theirs.get(ME).status_code == 200 and admin.get(ME).status_code == 200
    revoked = [e for e in audit_of_tokens(admin) if e["action"] == "delete"]
    assert {e["entity_id"] for e in revoked} == {world.acme.tokens["rep_n1"].id, second_id(admin, revoked)}
    assert {e["actor_id"] for e in revoked} == {world.acme.users["admin"].id}


def second_id(admin, revoked):
    """The id of the rep's second token, known only from its audit entry."""
    return next(e["entity_id"] for e in revoked if e["summary"] == "laptop")


def test_an_admin_who_changes_anything_else_leaves_the_tokens_alone(world, app, api_client):
    rep = world.acme.users["rep_n1"]
    admin = api_client("acme", "admin")
    assert admin.patch(f"/api/v1/users/{rep.id}", json={"name": "Renamed", "role": "manager"}).status_code == 200
    assert api_client("acme", "rep_n1").get(ME).status_code == 200


# -- listing and revoking through the API ------------------------------------------------------

def test_an_admin_lists_and_revokes_any_users_tokens(world, app, api_client):
    rep = world.acme.users["rep_n1"]
    mine, admin = api_client("acme", "rep_n1"), api_client("acme", "admin")
    extra = mine.post("/api/v1/tokens", json={"name": "CI job"}).json
    listed = admin.get(tokens_url(rep.id))
    assert listed.status_code == 200
    items = {item["id"]: item for item in listed.json["items"]}
    assert set(items) == {world.acme.tokens["rep_n1"].id, extra["id"]}
    assert items[extra["id"]]["name"] == "CI job" and items[extra["id"]]["prefix"] == extra["token"][:10]
    assert all("token" not in item and "token_hash" not in item for item in items.values())

    assert admin.delete(tokens_url(rep.id, extra["id"])).status_code == 204
    assert bearer_client(app, extra["token"]).get(ME).status_code == 401
    assert mine.get(ME).status_code == 200  # the other token of the same user still works
    assert [item["id"] for item in admin.get(tokens_url(rep.id)).json["items"]] == [world.acme.tokens["rep_n1"].id]
    assert admin.delete(tokens_url(rep.id, extra["id"])).status_code == 404
    [entry] = [e for e in audit_of_tokens(admin) if e["action"] == "delete"]
    assert (entry["entity_id"], entry["actor_id"], entry["summary"]) == (extra["id"], world.acme.users["admin"].id,
                                                                          "CI job")
    assert entry["changes"]["user_id"] == rep.id and "token_hash" not in entry["changes"]


def test_only_admins_manage_other_peoples_tokens(world, api_client):
    rep = world.acme.users["rep_n1"]
    for role in ("rep_n2", "manager_north", "executive"):
        client = api_client("acme", role)
        assert client.get(tokens_url(rep.id)).status_code == 403
        assert client.delete(tokens_url(rep.id, world.acme.tokens["rep_n1"].id)).status_code == 403
    assert api_client("acme", "rep_n1").get(ME).status_code == 200


def test_tokens_of_another_workspace_or_user_are_missing(world, api_client):
    admin = api_client("acme", "admin")
    assert admin.get(tokens_url(world.acme.users["rep_n1"].id)).status_code == 200
    assert admin.get(tokens_url(world.globex.users["rep_n1"].id)).status_code == 404
    assert admin.delete(tokens_url(world.globex.users["rep_n1"].id, world.globex.tokens["rep_n1"].id)).status_code == 404
    assert admin.delete(tokens_url(world.acme.users["rep_n1"].id, world.globex.tokens["rep_n1"].id)).status_code == 404
    assert admin.delete(tokens_url(world.acme.users["rep_n1"].id, world.acme.tokens["rep_n2"].id)).status_code == 404
    assert api_client("globex", "rep_n1").get(ME).status_code == 200
    assert api_client("acme", "rep_n2").get(ME).status_code == 200


def test_the_openapi_document_describes_the_admins_token_operations(client):
    paths = client.get("/api/openapi.json").json["paths"]
    assert "get" in paths["/api/v1/users/{user_id}/tokens"]
    assert "delete" in paths["/api/v1/users/{user_id}/tokens/{token_id}"]


# -- the user admin page --------------------------------------------------------------------

@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_user_page_lists_the_tokens_and_revokes_one(world, app, api_client):
    rep = world.acme.users["rep_n1"]
    browser = app.test_client()
    assert browser.post("/login", data={"workspace": "acme", "email": world.acme.users["admin"].email,
                                        "password": PASSWORD,
                                        "csrf_token": csrf_token_on(browser, "/login")}).status_code == 302
    page = browser.get(f"/org/users/{rep.id}/edit").get_data(as_text=True)
    token_id = world.acme.tokens["rep_n1"].id
    assert world.acme.tokens["rep_n1"].secret[:10] in page
    assert world.acme.tokens["rep_n1"].secret not in page
    url = f"/org/users/{rep.id}/tokens/{token_id}/revoke"
    assert url in page
    assert browser.post(url).status_code == 400  # no CSRF token
    assert api_client("acme", "rep_n1").get(ME).status_code == 200
    revoked = browser.post(url, data={"csrf_token": csrf_token_on(browser, f"/org/users/{rep.id}/edit")})
    assert revoked.status_code == 302
    assert api_client("acme", "rep_n1").get(ME).status_code == 401
    after = browser.get(revoked.headers["Location"]).get_data(as_text=True)
    assert "Token tests revoked." in after
    assert browser.post(url, data={"csrf_token": csrf_token_on(browser, f"/org/users/{rep.id}/edit")}).status_code == 404


def test_the_user_page_is_for_admins_only(world, page_client):
    rep = world.acme.users["rep_n1"]
    manager = page_client("acme", "manager_north")
    assert manager.post(f"/org/users/{rep.id}/tokens/{world.acme.tokens['rep_n1'].id}/revoke").status_code == 403


def test_the_token_section_is_in_chinese(world, page_client):
    admin = page_client("acme", "admin")
    admin.post("/language", data={"locale": "zh_CN"})
    page = admin.get(f"/org/users/{world.acme.users['rep_n1'].id}/edit").get_data(as_text=True)
    assert "API 令牌" in page and "吊销" in page


# -- no caching of new tokens ------------------------------------------------------------------

def test_token_answers_are_never_cached(world, client, api_client):
    created = client.post("/api/v1/tokens", json={"workspace": "acme", "email": "rep_n1@example.test",
                                                  "password": PASSWORD})
    assert created.status_code == 201 and created.headers["Cache-Control"] == "no-store"
    refused = client.post("/api/v1/tokens", json={"workspace": "acme", "email": "rep_n1@example.test",
                                                  "password": "wrong"})
    assert refused.status_code == 401 and refused.headers["Cache-Control"] == "no-store"
    signed_in = api_client("acme", "rep_n1").post("/api/v1/tokens", json={"name": "another"})
    assert signed_in.status_code == 201 and signed_in.headers["Cache-Control"] == "no-store"
    signup = client.post("/api/v1/signup", json={"company": "Initech", "slug": "initech", "name": "Ann",
                                                 "email": "ann@example.com", "password": "long enough password"})
    assert signup.status_code == 201 and signup.json["token"] and signup.headers["Cache-Control"] == "no-store"
