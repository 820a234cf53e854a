"""Signup and current-password checks are rate-limited like sign-in."""
from crm_platform.auth import throttle as throttle_module
from crm_platform.testing import PASSWORD
from limits import parse


def _signup(client, n):
    return client.post("/api/v1/signup", json={
        "company": f"Company {n}", "slug": f"company-{n}", "name": "Ann",
        "email": "ann@example.com", "password": "long enough password"})


def test_signups_from_one_address_are_limited(client, monkeypatch):
    monkeypatch.setattr(throttle_module, "SIGNUPS_PER_ADDRESS", parse("3/hour"))
    assert [_signup(client, n).status_code for n in range(3)] == [201, 201, 201]
    refused = _signup(client, 4)
    assert refused.status_code == 429
    assert refused.json["error"]["message"].startswith("Too many workspaces")
    assert int(refused.headers["Retry-After"]) > 0
    # Nothing was written for the refused signup.
    assert client.post("/api/v1/tokens", json={
        "workspace": "company-4", "email": "ann@example.com", "password": "long enough password"}).status_code == 401


def test_failed_signups_do_not_count(client, monkeypatch):
    monkeypatch.setattr(throttle_module, "SIGNUPS_PER_ADDRESS", parse("1/hour"))
    bad = client.post("/api/v1/signup", json={"company": "X", "slug": "Not A Slug!", "name": "A",
                                              "email": "a@example.com", "password": "long enough password"})
    assert bad.status_code == 422
    assert _signup(client, 1).status_code == 201


def test_wrong_current_password_is_throttled(world, page_client):
    client = page_client("acme", "rep_n1")
    for _ in range(10):
        wrong = client.post("/account/password", data={"current_password": "nope nope", "new_password": "another long one"})
        assert wrong.status_code == 422
    # Even the right password is refused while the account's bucket is full.
    right = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "another long one"})
    assert right.status_code == 422
    assert b"Too many wrong attempts" in right.data
