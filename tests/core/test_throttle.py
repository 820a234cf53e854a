"""Sign-in throttling: every attempt is counted before the password is checked.

Unknown clients are counted per account and address together, per address and per
account; a browser that signed in to the account before (it holds a device cookie) only
in its own bucket for that account. Behind a reverse proxy, CRM_PROXY_HOPS makes the
address the client's, not the proxy's. That the real user is never locked out, and the
growing delays: test_throttle_lockout.py.
"""
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from limits import parse

import throttle_support
from crm_platform.auth import throttle as throttle_module
from crm_platform.testing import PASSWORD, sign_in
from throttle_support import TOKENS, fail, owners_browser, token_request

ME = "/api/v1/me"
ELSEWHERE = {"REMOTE_ADDR": "192.0.2.50"}
counters = throttle_support.counters


def limit_addresses_to(monkeypatch, n):
    monkeypatch.setattr(throttle_module, "PER_ADDRESS", parse(f"{n}/15 minutes"))


def limit_accounts_to(monkeypatch, n):
    monkeypatch.setattr(throttle_module, "PER_ACCOUNT", parse(f"{n}/hour"))


# -- concurrency ---------------------------------------------------------------------------

# Slow enough hashing that many requests are inside the password check at once.
@pytest.mark.app_config(CRM_PASSWORD_TIME_COST=4, CRM_PASSWORD_MEMORY_COST=4096)
@pytest.mark.parametrize("via", ["api", "form"])
def test_concurrent_wrong_passwords_never_get_past_the_limit(world, app, api_client, counters, via):
    created = api_client("acme", "admin").post("/api/v1/users", json={
        "name": "Slow Hash", "email": "slow@example.test", "password": "a long password"})
    assert created.status_code == 201

    def attempt(_):
        client = app.test_client()
        if via == "api":
            return token_request(client, email="slow@example.test").status_code
        return fail(client, email="slow@example.test").status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(attempt, range(40)))
    assert sorted(statuses) == [401] * 5 + [429] * 35


@pytest.mark.app_config(CRM_PASSWORD_TIME_COST=4, CRM_PASSWORD_MEMORY_COST=4096)
def test_concurrent_guesses_from_many_addresses_never_get_past_the_accounts_hour(world, app, counters, monkeypatch):
    limit_accounts_to(monkeypatch, 20)

    def attempt(n):
        return token_request(app.test_client(), environ_base={"REMOTE_ADDR": f"203.0.113.{n}"}).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(attempt, range(60)))
    assert sorted(statuses) == [401] * 20 + [429] * 40


# -- what a success clears -----------------------------------------------------------------

def test_a_success_clears_the_accounts_bucket_at_this_address_but_not_the_address_or_account_ones(
        world, app, monkeypatch):
    limit_addresses_to(monkeypatch, 11)
    limit_accounts_to(monkeypatch, 11)
    client = app.test_client()
    assert [token_request(client).status_code for _ in range(4)] == [401] * 4
    assert token_request(client, password=PASSWORD).status_code == 201
    assert [token_request(client).status_code for _ in range(6)] == [401] * 5 + [429]
    # 10 attempts were counted for this address and for the account; the success wiped neither.
    assert token_request(client, email="nobody@example.test").status_code == 401
    assert token_request(app.test_client(), environ_base=ELSEWHERE).status_code == 401
    assert token_request(app.test_client(), password=PASSWORD, environ_base=ELSEWHERE).status_code == 429
    assert token_request(client, email="somebody@example.test").status_code == 429


def test_a_success_clears_the_browsers_own_bucket(world, app):
    owner = owners_browser(app)
    assert [fail(owner).status_code for _ in range(4)] == [401] * 4
    assert sign_in(owner, "acme", "rep_n1@example.test").status_code == 302
    owner.post("/logout")
    assert [fail(owner).status_code for _ in range(6)] == [401] * 5 + [429]


# -- the owner's browser -------------------------------------------------------------------

@pytest.mark.parametrize("full", ["address", "account"])
def test_the_owners_browser_signs_in_while_unknown_clients_are_refused(world, app, monkeypatch, full):
    limit_addresses_to(monkeypatch, 5)
    limit_accounts_to(monkeypatch, 11)
    owner = owners_browser(app, environ_base=ELSEWHERE)
    if full == "address":
        for i in range(5):
            fail(app.test_client(), email=f"nobody{i}@example.test")
    else:
        for i in range(10):  # with the owner's first sign-in, eleven attempts on the account
            fail(app.test_client(), environ_base={"REMOTE_ADDR": f"203.0.113.{i}"})
    refused = sign_in(app.test_client(), "acme", "rep_n1@example.test")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    api = token_request(app.test_client(), password=PASSWORD)
    assert api.status_code == 429 and int(api.headers["Retry-After"]) > 0
    assert fail(owner).status_code == 401
    assert sign_in(owner, "acme", "rep_n1@example.test").status_code == 302
    assert owner.get(ME).json["id"] == world.acme.users["rep_n1"].id


def test_the_owners_browser_is_not_counted_per_address(world, app, monkeypatch):
    limit_addresses_to(monkeypatch, 5)
    owner = owners_browser(app, environ_base=ELSEWHERE)
    assert [fail(owner).status_code for _ in range(5)] == [401] * 5
    assert sign_in(app.test_client(), "acme", "rep_n2@example.test").status_code == 302


def test_the_users_own_browser_has_its_own_limit(world, app):
    owner = owners_browser(app)
    for _ in range(5):
        assert fail(owner).status_code == 401
    assert sign_in(owner, "acme", "rep_n1@example.test").status_code == 429


@pytest.mark.parametrize("cookie", ["forged", "another account's"])
def test_a_forged_device_cookie_or_one_for_another_account_does_not_help(world, app, cookie):
    if cookie == "forged":
        browser = app.test_client()
        browser.set_cookie("crm_device", "eyJkIjoiMDAiLCJhIjpbImFjbWU6cmVwX24xQGV4YW1wbGUudGVzdCJdfQ.forged")
    else:
        browser = owners_browser(app, email="rep_n2@example.test")
    assert [fail(browser).status_code for _ in range(5)] == [401] * 5
    # Counted as any browser at this address: the next one is delayed as well.
    assert sign_in(app.test_client(), "acme", "rep_n1@example.test").status_code == 429


# -- per address ---------------------------------------------------------------------------

def test_per_address_limit(world, app):
    address = {"REMOTE_ADDR": "198.51.100.7"}
    for i in range(50):
        assert fail(app.test_client(), email=f"nobody{i}@example.test", environ_base=address).status_code == 401
    assert sign_in(app.test_client(), "acme", "rep_n2@example.test", environ_base=address).status_code == 429
    assert sign_in(app.test_client(), "acme", "rep_n2@example.test",
                   environ_base={"REMOTE_ADDR": "198.51.100.8"}).status_code == 302


def forwarded(address, proto="http"):
    """Headers a reverse proxy at 10.0.0.2 adds for a client at `address`."""
    return {"headers": {"X-Forwarded-For": address, "X-Forwarded-Proto": proto},
            "environ_base": {"REMOTE_ADDR": "10.0.0.2"}}


BEHIND_A_PROXY = [pytest.param(True, marks=pytest.mark.app_config(CRM_PROXY_HOPS=1), id="CRM_PROXY_HOPS=1"),
                  pytest.param(False, id="CRM_PROXY_HOPS=0")]


@pytest.mark.parametrize("trusted", BEHIND_A_PROXY)
def test_forwarded_addresses_are_counted_apart_only_with_proxy_hops(world, app, monkeypatch, trusted):
    limit_addresses_to(monkeypatch, 3)
    for i in range(3):
        assert token_request(app.test_client(), email=f"nobody{i}@example.test",
                             **forwarded("203.0.113.1")).status_code == 401
    assert token_request(app.test_client(), password=PASSWORD, **forwarded("203.0.113.1")).status_code == 429
    other = token_request(app.test_client(), password=PASSWORD, **forwarded("203.0.113.2"))
    assert other.status_code == (201 if trusted else 429)
    # Only the address the trusted proxy appended counts; what the client sent before it does not.
    spoofed = token_request(app.test_client(), password=PASSWORD, **forwarded("198.51.100.9, 203.0.113.1"))
    assert spoofed.status_code == 429


@pytest.mark.parametrize("trusted", BEHIND_A_PROXY)
def test_device_cookie_is_secure_behind_an_https_proxy_only_with_proxy_hops(world, app, trusted):
    response = sign_in(app.test_client(), "acme", "rep_n1@example.test", **forwarded("203.0.113.1", "https"))
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("crm_device="))
    assert ("Secure" in cookie) == trusted


# -- what throttling reveals ---------------------------------------------------------------

def test_throttling_does_not_reveal_whether_an_account_exists(world, app):
    answers = {}
    for email in ("rep_n1@example.test", "ghost@example.test"):
        client = app.test_client()
        statuses = [token_request(client, email=email, password="nope") for _ in range(6)]
        answers[email] = [(r.status_code, r.json, "Retry-After" in r.headers) for r in statuses]
    assert answers["rep_n1@example.test"] == answers["ghost@example.test"]
    assert [a[0] for a in answers["ghost@example.test"]] == [401] * 5 + [429]
    page = {}
    for workspace, email in (("acme", "rep_n2@example.test"), ("acme", "phantom@example.test"),
                             ("no-such-workspace", "rep_n2@example.test")):
        response = fail(app.test_client(), email=email, workspace=workspace)
        page[(workspace, email)] = (response.status_code, _error_text(response))
    assert len(set(page.values())) == 1, page


def _error_text(response):
    return tuple(re.findall(r'role="alert">([^<]*)<', response.get_data(as_text=True)))


# -- tokens for the signed-in user ---------------------------------------------------------

def csrf_token_on(client, url):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_a_token_for_the_session_user_needs_the_csrf_token(world, app, api_client):
    browser = app.test_client()
    assert browser.post("/login", data={"workspace": "acme", "email": "rep_n1@example.test", "password": PASSWORD,
                                        "csrf_token": csrf_token_on(browser, "/login")}).status_code == 302
    before = browser.get(TOKENS).json["items"]
    refused = browser.post(TOKENS, json={})
    assert refused.status_code == 400 and "error" in refused.json
    assert browser.get(TOKENS).json["items"] == before
    token = csrf_token_on(browser, "/customers/")
    assert browser.post(TOKENS, json={}, headers={"X-CSRFToken": token}).status_code == 201
    assert api_client("acme", "rep_n1").post(TOKENS, json={}).status_code == 201
    assert token_request(app.test_client(), password=PASSWORD).status_code == 201
    assert len(browser.get(TOKENS).json["items"]) == len(before) + 3
