"""What an emailed link is bound to, and what using one does: real SMTP server, Redis and worker.

A link dies when the user's password, email or active flag changes (mail/tokens.py),
works once even when used twice at the same moment, revokes the user's API tokens,
and sets the password exactly as typed, as sign-in compares it.
"""
import threading

from argon2 import PasswordHasher

import mail_support
from crm_platform.testing import PASSWORD, sign_in
from mail_support import ask_reset, mailed_link

smtp, app_config = mail_support.smtp, mail_support.app_config

CONFIRM = "/api/v1/auth/password-reset/confirm"


def reset_link(app, client, redis_db, smtp, email):
    """Ask for a reset of `email` in acme and return (path, token) from the mail."""
    assert ask_reset(client, "acme", email).status_code == 202
    return mailed_link(app, redis_db, smtp, email)


def test_changing_the_email_kills_the_links_sent_before(app, world, client, api_client, smtp, redis_db):
    rep = world.acme.users["rep_n1"]
    path, token = reset_link(app, client, redis_db, smtp, rep.email)
    assert client.get(path).status_code == 200

    moved = api_client("acme", "admin").patch(f"/api/v1/users/{rep.id}", json={"email": "rep.moved@example.test"})
    assert moved.status_code == 200
    page = client.get(path)
    assert page.status_code == 404 and "your password or account changed" in page.get_data(as_text=True)
    api = client.post(CONFIRM, json={"token": token, "password": "taken over password"})
    assert api.status_code == 422 and "account changed" in api.get_json()["error"]["fields"]["token"][0]
    assert sign_in(app.test_client(), "acme", "rep.moved@example.test", PASSWORD).status_code == 302


def test_deactivating_kills_the_links_sent_before_even_after_reactivation(app, world, client, api_client, smtp,
                                                                          redis_db):
    rep = world.acme.users["rep_n1"]
    admin = api_client("acme", "admin")
    path, token = reset_link(app, client, redis_db, smtp, rep.email)

    assert admin.delete(f"/api/v1/users/{rep.id}").status_code == 204
    assert client.get(path).status_code == 404
    assert admin.patch(f"/api/v1/users/{rep.id}", json={"active": True}).status_code == 200
    assert client.get(path).status_code == 404
    assert client.post(CONFIRM, json={"token": token, "password": "revived password"}).status_code == 422
    assert sign_in(app.test_client(), "acme", rep.email, PASSWORD).status_code == 302


def test_one_link_used_twice_at_the_same_moment_sets_one_password(app, world, client, smtp, redis_db, monkeypatch):
    rep = world.acme.users["rep_n1"]
    _, token = reset_link(app, client, redis_db, smtp, rep.email)

    # Both requests have read the user and accepted the link before either writes:
    # the window a check-then-write leaves open, made certain.
    both_checked = threading.Barrier(2, timeout=20)
    real_hash = PasswordHasher.hash

    def hash_once_both_checked(self, password, **kwargs):
        both_checked.wait()
        return real_hash(self, password, **kwargs)

    monkeypatch.setattr(PasswordHasher, "hash", hash_once_both_checked)
    answers = {}

    def confirm(password):
        answers[password] = app.test_client().post(CONFIRM, json={"token": token, "password": password}).status_code

    threads = [threading.Thread(target=confirm, args=(password,)) for password in ("first racer", "second racer")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    monkeypatch.undo()

    assert sorted(answers.values()) == [204, 422]
    [winner] = [password for password, status in answers.items() if status == 204]
    [loser] = [password for password, status in answers.items() if status == 422]
    assert sign_in(app.test_client(), "acme", rep.email, winner).status_code == 302
    assert sign_in(app.test_client(), "acme", rep.email, loser).status_code == 401


def test_a_reset_revokes_the_users_api_tokens_a_password_change_does_not(app, world, client, page_client,
                                                                         api_client, smtp, redis_db):
    rep, other = world.acme.users["rep_n1"], world.acme.users["rep_n2"]
    mine, theirs = api_client("acme", "rep_n1"), api_client("acme", "rep_n2")
    changed = page_client("acme", "rep_n2").post("/account/password", data={"current_password": PASSWORD,
                                                                            "new_password": "changed on the page"})
    assert changed.status_code == 302
    assert theirs.get("/api/v1/me").status_code == 200

    _, token = reset_link(app, client, redis_db, smtp, rep.email)
    assert client.post(CONFIRM, json={"token": token, "password": "reset by mail"}).status_code == 204
    assert mine.get("/api/v1/me").status_code == 401
    assert theirs.get("/api/v1/me").get_json()["email"] == other.email


def test_passwords_are_kept_as_typed_spaces_included_as_sign_in_compares_them(app, world, client, smtp, redis_db):
    rep = world.acme.users["rep_n1"]
    spaced = "  spaced out password  "
    path, _ = reset_link(app, client, redis_db, smtp, rep.email)
    assert client.post(path, data={"password": spaced}).status_code == 302
    assert sign_in(app.test_client(), "acme", rep.email, spaced.strip()).status_code == 401
    signed_in = app.test_client()
    assert sign_in(signed_in, "acme", rep.email, spaced).status_code == 302
    token = client.post("/api/v1/tokens", json={"workspace": "acme", "email": rep.email, "password": spaced})
    assert token.status_code == 201

    # The account page's change keeps them too, the current password as well as the new one.
    respaced = " another spaced one\t"
    changed = signed_in.post("/account/password", data={"current_password": spaced, "new_password": respaced})
    assert changed.status_code == 302
    assert sign_in(app.test_client(), "acme", rep.email, respaced).status_code == 302
    assert sign_in(app.test_client(), "acme", rep.email, respaced.strip()).status_code == 401
