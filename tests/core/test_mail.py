"""Password resets by email, with a real SMTP server, Redis (jobs and throttle counters) and worker.

The SMTP server is aiosmtpd's on a free port; the app sends through the smtp
backend from a burst RQ worker, as `crm worker` would. Invitations:
tests/test_invitations.py; links: tests/test_password_links.py; the backend:
tests/test_mail_backend.py.
"""
import json
import time

import pytest
from sqlalchemy import func, select

import mail_support
from crm_platform.extensions import db
from crm_platform.mail import tokens
from crm_platform.models import LoginSession, User
from crm_platform.tenancy import tenant_scope, unscoped
from crm_platform.testing import PASSWORD, sign_in
from mail_support import BASE_URL, ask_reset, body, free_port, jobs_of_kind, link_in, run_worker

smtp, app_config = mail_support.smtp, mail_support.app_config

NEW_PASSWORD = "a brand new password"
# Nothing listens here: Redis is down, for the jobs and for the throttle's counters.
DEAD_REDIS = f"redis://127.0.0.1:{free_port()}/0"


def reset_jobs(app):
    """Every password reset request job, of every tenant."""
    return jobs_of_kind(app, "password_reset_request")


def sessions_of(app, user_id):
    with app.app_context(), unscoped("test: count login sessions"):
        return db.session.scalar(select(func.count(LoginSession.id)).where(LoginSession.user_id == user_id))


def test_every_reset_request_does_the_same_work_and_only_an_active_account_gets_mail(
        app, world, client, api_client, smtp, redis_db):
    rep = world.acme.users["rep_n2"]
    assert api_client("acme", "admin").delete(f"/api/v1/users/{rep.id}").status_code == 204  # deactivated

    answers = [ask_reset(client, workspace, email) for workspace, email in [
        ("acme", "nobody@example.test"), ("nowhere", "rep_n1@example.test"),
        ("globex", "nobody@example.test"), ("acme", rep.email)]]
    known = ask_reset(client, "ACME", " Rep_N1@example.test ")

    assert {(a.status_code, json.dumps(a.get_json())) for a in answers + [known]} == {
        (202, json.dumps(known.get_json()))}
    assert "If an active account" in known.get_json()["message"]
    # One workspace job per request to an existing workspace, pushed to Redis, whether or
    # not the account exists: the time a request takes tells nothing about the account.
    jobs = reset_jobs(app)
    assert [(job.tenant_id, job.params) for job in jobs] == [
        (world.acme.id, {"email": "nobody@example.test"}), (world.globex.id, {"email": "nobody@example.test"}),
        (world.acme.id, {"email": rep.email}), (world.acme.id, {"email": "rep_n1@example.test"})]
    assert {(job.user_id, job.status, bool(job.rq_id)) for job in jobs} == {(None, "queued", True)}
    # Each is in Redis: on the queue, or waiting for one of its workspace's places there (docs/jobs.md, "Fair jobs").
    assert all(redis_db.exists(f"rq:job:{job.rq_id}") for job in jobs)
    run_worker(app, redis_db)
    assert [rcpts for rcpts, _ in smtp.messages] == [["rep_n1@example.test"]]
    assert [job.result for job in reset_jobs(app)] == [
        {"purpose": "reset", "sent": 0, "skipped": "no active account with this email"}] * 3 + [
        {"purpose": "reset", "sent": 1, "to": "rep_n1@example.test"}]

    # The page answers alike too: the same redirect and message, known account or not.
    pages = [client.post("/forgot-password", data={"workspace": "acme", "email": email})
             for email in ("nobody@example.test", "rep_n1@example.test")]
    assert [(p.status_code, p.headers["Location"]) for p in pages] == [(302, "/login?workspace=acme")] * 2


def test_a_reset_link_sets_a_new_password_once_and_ends_every_session(app, world, client, page_client, api_client,
                                                                      smtp, redis_db):
    rep = world.acme.users["rep_n1"]
    signed_in = page_client("acme", "rep_n1")
    bearer = api_client("acme", "rep_n1")
    assert sessions_of(app, rep.id) == 1

    assert client.post("/forgot-password", data={"workspace": "acme", "email": rep.email}).status_code == 302
    run_worker(app, redis_db)
    [mail] = smtp.to(rep.email)
    assert mail["Subject"] == f"Reset your {world.acme.name} password"
    purpose, path, token = link_in(mail)
    assert purpose == "reset"

    busy = signed_in.get(path)  # a browser signed in (as anyone) is asked to sign out first
    assert busy.status_code == 409 and "Sign out first" in busy.get_data(as_text=True)
    page = client.get(path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert rep.email in page.get_data(as_text=True)
    short = client.post(path, data={"password": "short"})
    assert short.status_code == 422  # the account page's rules; the link still works after this
    done = client.post(path, data={"password": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/login?workspace=acme"

    assert sessions_of(app, rep.id) == 0
    assert signed_in.get("/api/v1/me").status_code == 401
    # API tokens are revoked too: whoever knew the old password may have made them (docs/mail.md).
    assert bearer.get("/api/v1/me").status_code == 401
    assert sign_in(app.test_client(), "acme", rep.email, PASSWORD).status_code == 401
    assert sign_in(app.test_client(), "acme", rep.email, NEW_PASSWORD).status_code == 302
    used = client.get(path)
    assert used.status_code == 404 and "already used" in used.get_data(as_text=True)
    assert client.post(path, data={"password": "yet another password"}).status_code == 404
    assert sign_in(app.test_client(), "acme", rep.email, NEW_PASSWORD).status_code == 302


def test_the_api_confirms_a_reset_with_the_mailed_token(app, world, client, smtp, redis_db):
    rep = world.acme.users["rep_n1"]
    assert ask_reset(client, "acme", rep.email).status_code == 202
    run_worker(app, redis_db)
    _, _, token = link_in(smtp.to(rep.email)[0])

    bad = client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": "short"})
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"password"}
    confirmed = client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert confirmed.status_code == 204
    again = client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": "another one!"})
    assert again.status_code == 422
    assert "already used" in again.get_json()["error"]["fields"]["token"][0]
    assert client.post("/api/v1/tokens", json={"workspace": "acme", "email": rep.email,
                                               "password": NEW_PASSWORD}).status_code == 201
    garbled = client.post("/api/v1/auth/password-reset/confirm", json={"token": token[:-3] + "xyz",
                                                                       "password": NEW_PASSWORD})
    assert garbled.status_code == 422 and "token" in garbled.get_json()["error"]["fields"]


@pytest.mark.app_config(CRM_PASSWORD_RESET_VALID_MINUTES=0)
def test_an_expired_reset_link_is_refused(app, world, client, smtp, redis_db):
    rep = world.acme.users["rep_n1"]
    ask_reset(client, "acme", rep.email)
    run_worker(app, redis_db)
    _, path, token = link_in(smtp.to(rep.email)[0])
    time.sleep(1.1)  # valid for 0 seconds: older than that after the next second starts

    page = client.get(path)
    assert page.status_code == 410 and "expired" in page.get_data(as_text=True)
    assert client.post(path, data={"password": NEW_PASSWORD}).status_code == 410
    api = client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert api.status_code == 422 and "expired" in api.get_json()["error"]["fields"]["token"][0]
    assert sign_in(app.test_client(), "acme", rep.email, PASSWORD).status_code == 302


def test_links_use_crm_base_url_whatever_host_the_request_names(app, world, client, smtp, redis_db):
    rep = world.acme.users["rep_n1"]
    spoofed = {"Host": "attacker.example", "X-Forwarded-Host": "attacker.example", "Forwarded": "host=attacker.example"}
    assert client.post("/forgot-password", data={"workspace": "acme", "email": rep.email},
                       headers=spoofed).status_code == 302
    ask_reset(client, "acme", rep.email, headers=spoofed)
    run_worker(app, redis_db)

    mails = smtp.to(rep.email)
    assert len(mails) == 2
    for mail in mails:
        assert "attacker" not in mail.as_string()
        assert link_in(mail)[0] == "reset"
        assert f"{BASE_URL}/reset/" in body(mail)


def test_job_params_hold_the_email_asked_about_never_the_token(app, world, client, api_client, smtp, redis_db):
    rep = world.acme.users["rep_n1"]
    ask_reset(client, "acme", rep.email)
    run_worker(app, redis_db)
    _, _, token = link_in(smtp.to(rep.email)[0])

    [job] = reset_jobs(app)
    assert job.params == {"email": rep.email}
    assert job.status == "finished" and job.result == {"purpose": "reset", "sent": 1, "to": rep.email}
    shown = api_client("acme", "admin").get(f"/api/v1/jobs/{job.id}")
    assert shown.status_code == 200
    assert token not in shown.get_data(as_text=True)
    # The payload part (itsdangerous marks a compressed one with a leading ".").
    assert token.lstrip(".").split(".")[0] not in json.dumps([job.params, job.result])


def test_a_token_carries_its_tenant_and_cannot_reach_another_tenants_user(app, world, client):
    acme, globex = world.acme, world.globex
    with app.app_context():
        with tenant_scope(globex.id):
            victim = db.session.get(User, globex.users["rep_n1"].id)
            victim_hash = victim.password_hash
            genuine = tokens.make_token("reset", victim)
            # Signed by us, but naming acme as the tenant: the user is looked up in acme only.
            forged = tokens._serializer("reset").dumps({"t": acme.id, "u": victim.id,
                                                        "f": tokens.fingerprint(victim)})
        with tenant_scope(acme.id):
            invite_token = tokens.make_token("invite", db.session.get(User, acme.users["rep_n1"].id))

    assert client.get(f"/reset/{forged}").status_code == 404
    assert client.post(f"/reset/{forged}", data={"password": NEW_PASSWORD}).status_code == 404
    api = client.post("/api/v1/auth/password-reset/confirm", json={"token": forged, "password": NEW_PASSWORD})
    assert api.status_code == 422
    assert client.get(f"/reset/{invite_token}").status_code == 404  # another purpose's salt
    assert client.get(f"/invite/{genuine}").status_code == 404
    with app.app_context(), tenant_scope(globex.id):
        assert db.session.get(User, victim.id).password_hash == victim_hash
    assert client.get(f"/reset/{genuine}").status_code == 200  # the genuine one opens globex's own user


def test_reset_requests_are_throttled_alike_for_every_account_with_the_counters_in_redis(
        app, world, client, monkeypatch, smtp, redis_db):
    from limits import parse

    from crm_platform.auth import throttle as throttle_module

    monkeypatch.setattr(throttle_module, "RESETS_PER_ACCOUNT", parse("2/hour"))
    for email in ("rep_n1@example.test", "nobody@example.test"):
        assert [ask_reset(client, "acme", email).status_code for _ in range(2)] == [202, 202]
        refused = ask_reset(client, "acme", email)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        assert refused.get_json()["error"]["message"] == "Too many password reset requests. Try again later."
    page = client.post("/forgot-password", data={"workspace": "acme", "email": "nobody@example.test"})
    assert page.status_code == 429 and b"Too many password reset requests" in page.data
    assert len(reset_jobs(app)) == 4
    # Counted in Redis (CRM_THROTTLE_STORAGE_URL), as production does by default: shared by every process.
    assert redis_db.keys("*/reset-account/acme:rep_n1@example.test/*")


@pytest.mark.parametrize("down", [
    pytest.param("both", marks=pytest.mark.app_config(CRM_REDIS_URL=DEAD_REDIS, CRM_THROTTLE_STORAGE_URL=DEAD_REDIS)),
    pytest.param("throttle", marks=pytest.mark.app_config(CRM_THROTTLE_STORAGE_URL=DEAD_REDIS)),
    pytest.param("jobs", marks=pytest.mark.app_config(CRM_REDIS_URL=DEAD_REDIS)),
])
def test_redis_down_answers_503_alike_and_nothing_is_queued(app, world, client, down):
    answers = [ask_reset(client, "acme", email) for email in ("rep_n1@example.test", "nobody@example.test")]
    assert {a.status_code for a in answers} == {503}
    assert answers[0].get_json() == answers[1].get_json()
    assert "unavailable" in answers[0].get_json()["error"]["message"]
    page = client.post("/forgot-password", data={"workspace": "acme", "email": "rep_n1@example.test"})
    assert page.status_code == 503 and b"unavailable" in page.data
    assert reset_jobs(app) == []


@pytest.mark.app_config(CRM_THROTTLE_STORAGE_URL=DEAD_REDIS)
def test_sign_in_is_refused_with_503_not_let_through_when_the_throttles_redis_is_down(app, world, client):
    rep = world.acme.users["rep_n1"]
    page = sign_in(client, "acme", rep.email, PASSWORD)
    assert page.status_code == 503 and b"Sign-in protection is unavailable" in page.data
    api = client.post("/api/v1/tokens", json={"workspace": "acme", "email": rep.email, "password": PASSWORD})
    assert api.status_code == 503 and "unavailable" in api.get_json()["error"]["message"]
