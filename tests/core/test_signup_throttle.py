"""Signup and current-password checks are rate-limited like sign-in.

Whether a workspace name is taken says whether that workspace exists, so signup answers
it only inside the signup throttle: every signup that reaches the name's look-up counts.
"""
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


def test_signups_refused_before_the_name_is_looked_up_do_not_count(client, monkeypatch):
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


# -- "taken" answers only inside the throttle (no enumeration of workspaces) ---------------

def _probe(client, slug, **fields):
    """A signup with a workspace name that may be taken; the rest well-formed unless `fields` say otherwise."""
    return client.post("/api/v1/signup", json={"company": "Probe", "slug": slug, "name": "Ann",
                                               "email": "ann@example.com", "password": "long enough password",
                                               **fields})


def _page_probe(client, slug, email="ann@example.com"):
    return client.post("/signup", data={"company": "Probe", "slug": slug, "name": "Ann", "email": email,
                                        "password": "long enough password"})


def test_once_signups_are_refused_taken_names_are_refused_alike(client, monkeypatch):
    monkeypatch.setattr(throttle_module, "SIGNUPS_PER_ADDRESS", parse("3/hour"))
    assert [_signup(client, n).status_code for n in range(3)] == [201, 201, 201]
    assert _signup(client, 3).status_code == 429
    for answer in (_probe(client, "company-0"), _probe(client, "company-9")):
        assert answer.status_code == 429 and int(answer.headers["Retry-After"]) > 0
        assert answer.json["error"]["message"].startswith("Too many workspaces")
    for page in (_page_probe(client, "company-0"), _page_probe(client, "company-0", email="not an email")):
        assert page.status_code == 429 and int(page.headers["Retry-After"]) > 0
        assert b"Too many workspaces" in page.data and b"is taken" not in page.data


def test_asking_whether_names_are_taken_counts_as_signing_up(world, client, monkeypatch):
    monkeypatch.setattr(throttle_module, "SIGNUPS_PER_ADDRESS", parse("3/hour"))
    answers = [_probe(client, "acme"), _page_probe(client, "globex"), _page_probe(client, "acme", "not an email")]
    assert [a.status_code for a in answers] == [422, 422, 422]
    assert answers[0].json["error"]["fields"]["slug"] == ["This workspace name is taken."]
    assert all(b"This workspace name is taken." in a.data for a in answers[1:])
    assert _probe(client, "globex").status_code == 429
    assert _page_probe(client, "acme").status_code == 429
    assert _signup(client, 1).status_code == 429
    # Another address is counted apart.
    elsewhere = client.post("/api/v1/signup", environ_base={"REMOTE_ADDR": "192.0.2.7"}, json={
        "company": "Probe", "slug": "acme", "name": "Ann", "email": "ann@example.com",
        "password": "long enough password"})
    assert elsewhere.status_code == 422
