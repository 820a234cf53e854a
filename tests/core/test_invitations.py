"""Invitations: an admin adds a user without a password, who chooses theirs through an emailed link.

Real components as in tests/test_mail.py: aiosmtpd, Redis and a burst RQ worker.
"""
import time

import pytest
from limits import parse
from redis import Redis
from sqlalchemy import select

import mail_support
from crm_platform.auth import throttle
from crm_platform.extensions import db
from crm_platform.models import Job, User
from crm_platform.org import invitations
from crm_platform.tenancy import tenant_scope, unscoped
from crm_platform.testing import PASSWORD, sign_in
from mail_support import free_port, link_in, mailed_link, run_worker

smtp, app_config = mail_support.smtp, mail_support.app_config

NEW = {"name": "Nina New", "email": "Nina.New@Example.test", "role": "rep"}
CHOSEN = "nina's own password"
# Nothing listens here: Redis is down, for the jobs and for the throttle's counters.
DEAD_REDIS = f"redis://127.0.0.1:{free_port()}/0"


def users_named(app, world, name):
    with app.app_context(), tenant_scope(world.acme.id):
        return db.session.scalars(select(User).where(User.name == name)).all()


def test_an_invited_user_chooses_a_password_from_the_mail_and_is_signed_in(app, world, client, api_client, smtp,
                                                                           redis_db):
    admin = api_client("acme", "admin")
    created = admin.post("/api/v1/users", json=NEW)
    assert created.status_code == 201, created.get_json()
    user = created.get_json()
    assert user["invitation_pending"] is True and user["email"] == "nina.new@example.test"
    # No password yet: not even the stored unusable value signs in, and the answer is the usual one.
    with app.app_context(), tenant_scope(world.acme.id):
        stored = db.session.get(User, user["id"]).password_hash
    assert stored.startswith("!")
    refused = client.post("/api/v1/tokens", json={"workspace": "acme", "email": user["email"], "password": stored})
    assert refused.status_code == 401
    assert refused.get_json()["error"]["message"] == "Workspace, email or password is not right."
    assert sign_in(client, "acme", user["email"], stored).status_code == 401

    [job] = admin.get("/api/v1/jobs").get_json()["items"][:1]
    assert job["kind"] == "send_mail" and job["params"] == {"purpose": "invite", "user_id": user["id"]}
    run_worker(app, redis_db)
    assert admin.get(f"/api/v1/jobs/{job['id']}").get_json()["status"] == "finished"
    [mail] = smtp.to(user["email"])
    assert mail["Subject"] == f"You are invited to {world.acme.name}"
    purpose, path, token = link_in(mail)
    assert purpose == "invite" and token not in str(admin.get(f"/api/v1/jobs/{job['id']}").get_json())

    page = client.get(path)
    assert page.status_code == 200 and "Nina New" in page.get_data(as_text=True)
    done = client.post(path, data={"password": CHOSEN})
    assert done.status_code == 302 and done.headers["Location"] == "/dashboard/"
    assert client.get("/api/v1/me").get_json()["email"] == user["email"]  # signed in
    assert admin.get(f"/api/v1/users/{user['id']}").get_json()["invitation_pending"] is False
    assert sign_in(app.test_client(), "acme", user["email"], CHOSEN).status_code == 302

    used = app.test_client().get(path)
    assert used.status_code == 404 and "already used" in used.get_data(as_text=True)


def test_admins_invite_and_resend_from_the_users_pages(app, world, page_client, smtp, redis_db):
    admin = page_client("acme", "admin")
    added = admin.post("/org/users/new", data={**NEW, "password": "", "active": "true"}, follow_redirects=True)
    assert added.status_code == 200
    text = added.get_data(as_text=True)
    assert "an invitation to choose a password is on its way to nina.new@example.test" in text
    assert "Invitation pending" in text and "Resend invitation" in text
    [nina] = users_named(app, world, "Nina New")
    run_worker(app, redis_db)
    _, first_link, _ = link_in(smtp.to(nina.email)[0])

    resent = admin.post(f"/org/users/{nina.id}/invite", follow_redirects=True)
    assert "A new invitation is on its way" in resent.get_data(as_text=True)
    run_worker(app, redis_db)
    _, second_link, _ = link_in(smtp.to(nina.email)[1])

    fresh = app.test_client()
    assert fresh.get(first_link).status_code == 404  # a resend retires the links sent before
    assert fresh.post(second_link, data={"password": CHOSEN}).status_code == 302
    listing = admin.get("/org/users?q=Nina").get_data(as_text=True)
    assert "Invitation pending" not in listing
    again = admin.post(f"/org/users/{nina.id}/invite", follow_redirects=True)
    assert "has already chosen a password" in again.get_data(as_text=True)
    assert len(smtp.to(nina.email)) == 2


def test_resending_through_the_api(app, world, api_client, smtp, redis_db):
    admin = api_client("acme", "admin")
    nina = admin.post("/api/v1/users", json=NEW).get_json()
    resent = admin.post(f"/api/v1/users/{nina['id']}/invitation")
    assert resent.status_code == 202 and resent.get_json()["params"] == {"purpose": "invite", "user_id": nina["id"]}
    run_worker(app, redis_db)
    assert len(smtp.to(nina["email"])) == 2

    has_password = admin.post(f"/api/v1/users/{world.acme.users['rep_n1'].id}/invitation")
    assert has_password.status_code == 409 and "already chosen" in has_password.get_json()["error"]["message"]
    assert api_client("acme", "rep_n1").post(f"/api/v1/users/{nina['id']}/invitation").status_code == 403
    assert admin.delete(f"/api/v1/users/{nina['id']}").status_code == 204
    deactivated = admin.post(f"/api/v1/users/{nina['id']}/invitation")
    assert deactivated.status_code == 409 and "deactivated" in deactivated.get_json()["error"]["message"]


def test_a_user_added_inactive_is_invited_only_when_asked(app, world, api_client, smtp, redis_db):
    admin = api_client("acme", "admin")
    nina = admin.post("/api/v1/users", json={**NEW, "active": False}).get_json()
    assert nina["invitation_pending"] is True
    assert admin.get("/api/v1/jobs").get_json()["items"][0]["kind"] != "send_mail"
    assert admin.patch(f"/api/v1/users/{nina['id']}", json={"active": True}).status_code == 200
    assert admin.post(f"/api/v1/users/{nina['id']}/invitation").status_code == 202
    run_worker(app, redis_db)
    assert len(smtp.to(nina["email"])) == 1


def test_a_deactivated_invitee_gets_no_mail_and_the_link_dies(app, world, api_client, client, smtp, redis_db):
    admin = api_client("acme", "admin")
    nina = admin.post("/api/v1/users", json=NEW).get_json()
    run_worker(app, redis_db)
    _, link, _ = link_in(smtp.to(nina["email"])[0])
    admin.post(f"/api/v1/users/{nina['id']}/invitation")  # queued, then the user is deactivated before it runs
    assert admin.delete(f"/api/v1/users/{nina['id']}").status_code == 204
    run_worker(app, redis_db)

    assert len(smtp.to(nina["email"])) == 1
    newest = admin.get("/api/v1/jobs").get_json()["items"][0]
    assert newest["status"] == "finished" and newest["result"]["skipped"] == "user deactivated"
    assert client.get(link).status_code == 404


def test_deactivating_an_invitee_kills_the_link_for_good_and_a_new_invitation_works(app, world, api_client, client,
                                                                                    smtp, redis_db):
    admin = api_client("acme", "admin")
    nina = admin.post("/api/v1/users", json=NEW).get_json()
    link, _ = mailed_link(app, redis_db, smtp, nina["email"])
    assert client.get(link).status_code == 200

    assert admin.delete(f"/api/v1/users/{nina['id']}").status_code == 204  # no resend
    dead = client.get(link)
    assert dead.status_code == 404 and "your account changed" in dead.get_data(as_text=True)
    assert admin.patch(f"/api/v1/users/{nina['id']}", json={"active": True}).status_code == 200
    assert client.get(link).status_code == 404
    assert client.post(link, data={"password": CHOSEN}).status_code == 404

    assert admin.post(f"/api/v1/users/{nina['id']}/invitation").status_code == 202
    fresh, _ = mailed_link(app, redis_db, smtp, nina["email"])
    assert client.post(fresh, data={"password": CHOSEN}).status_code == 302


def test_a_resend_lost_on_the_way_leaves_the_earlier_link_working(app, world, api_client, client, smtp, redis_db,
                                                                   monkeypatch):
    admin = api_client("acme", "admin")
    nina = admin.post("/api/v1/users", json=NEW).get_json()
    link, _ = mailed_link(app, redis_db, smtp, nina["email"])

    # The SMTP server is down when the new invitation is sent: the job fails, nothing else changes.
    smtp.stop()
    assert admin.post(f"/api/v1/users/{nina['id']}/invitation").status_code == 202
    run_worker(app, redis_db)
    assert admin.get("/api/v1/jobs").get_json()["items"][0]["status"] == "failed"
    assert client.get(link).status_code == 200

    # Redis goes away between the check and the enqueue: 503, and still nothing else changes.
    monkeypatch.setattr(invitations, "require_queue", lambda: None)
    monkeypatch.setitem(app.extensions, "crm_redis", Redis.from_url(DEAD_REDIS))
    assert admin.post(f"/api/v1/users/{nina['id']}/invitation").status_code == 503
    assert client.post(link, data={"password": CHOSEN}).status_code == 302


def test_invitations_are_throttled_per_invitee_and_per_workspace(app, world, api_client, page_client, smtp,
                                                                 redis_db, monkeypatch):
    monkeypatch.setattr(throttle, "INVITES_PER_INVITEE", parse("2/hour"))
    monkeypatch.setattr(throttle, "INVITES_PER_WORKSPACE", parse("3/hour"))
    admin = api_client("acme", "admin")
    nina = admin.post("/api/v1/users", json=NEW).get_json()
    assert admin.post(f"/api/v1/users/{nina['id']}/invitation").status_code == 202
    refused = admin.post(f"/api/v1/users/{nina['id']}/invitation")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many invitations" in refused.get_json()["error"]["message"]
    page = page_client("acme", "admin").post(f"/org/users/{nina['id']}/invite", follow_redirects=True)
    assert "Too many invitations" in page.get_data(as_text=True)

    # The workspace's third invitation goes out; its fourth is refused, and nobody is added.
    assert admin.post("/api/v1/users", json={**NEW, "name": "Noah New", "email": "noah@example.test"}).status_code == 201
    fourth = admin.post("/api/v1/users", json={**NEW, "name": "Olga New", "email": "olga@example.test"})
    assert fourth.status_code == 429 and "Too many invitations" in fourth.get_json()["error"]["message"]
    form = page_client("acme", "admin").post("/org/users/new", data={**NEW, "name": "Olga New", "active": "true",
                                                                      "email": "olga@example.test"})
    assert form.status_code == 429 and "Too many invitations" in form.get_data(as_text=True)
    assert users_named(app, world, "Olga New") == []
    # With a password nothing is mailed, so nothing is counted; other workspaces have their own counts.
    assert admin.post("/api/v1/users", json={**NEW, "name": "Olga New", "email": "olga@example.test",
                                             "password": PASSWORD}).status_code == 201
    assert api_client("globex", "admin").post("/api/v1/users", json=NEW).status_code == 201
    run_worker(app, redis_db)
    assert len(smtp.to(nina["email"])) == 3  # acme's two to Nina, and globex's own Nina


@pytest.mark.app_config(CRM_INVITATION_VALID_HOURS=0)
def test_an_expired_invitation_is_refused_and_can_be_resent(app, world, api_client, client, smtp, redis_db):
    admin = api_client("acme", "admin")
    nina = admin.post("/api/v1/users", json=NEW).get_json()
    run_worker(app, redis_db)
    _, link, _ = link_in(smtp.to(nina["email"])[0])
    time.sleep(1.1)

    expired = client.get(link)
    assert expired.status_code == 410
    assert "expired" in expired.get_data(as_text=True) and "new invitation" in expired.get_data(as_text=True)
    assert admin.get(f"/api/v1/users/{nina['id']}").get_json()["invitation_pending"] is True


@pytest.mark.app_config(CRM_SMTP_PORT=free_port())
def test_smtp_down_leaves_the_invitation_job_failed_on_the_admins_jobs_page(app, world, api_client, page_client,
                                                                           redis_db):
    admin = api_client("acme", "admin")
    nina = admin.post("/api/v1/users", json=NEW).get_json()
    run_worker(app, redis_db)

    job = admin.get("/api/v1/jobs").get_json()["items"][0]
    assert job["kind"] == "send_mail" and job["status"] == "failed"
    assert "ConnectionRefusedError" in admin.get(f"/api/v1/jobs/{job['id']}").get_json()["error"]
    page = page_client("acme", "admin").get("/jobs/").get_data(as_text=True)
    assert f'id="job-{job["id"]}"' in page and "ConnectionRefusedError" in page and "Email" in page
    assert admin.get(f"/api/v1/users/{nina['id']}").get_json()["invitation_pending"] is True


@pytest.mark.app_config(CRM_REDIS_URL=DEAD_REDIS, CRM_THROTTLE_STORAGE_URL=DEAD_REDIS)
def test_redis_down_for_jobs_and_throttle_answers_503_and_adds_nobody(app, world, api_client):
    admin = api_client("acme", "admin")
    api = admin.post("/api/v1/users", json=NEW)
    assert api.status_code == 503 and "unavailable" in api.get_json()["error"]["message"]
    assert users_named(app, world, "Nina New") == []
    later = admin.post("/api/v1/users", json={**NEW, "active": False}).get_json()
    assert admin.post(f"/api/v1/users/{later['id']}/invitation").status_code == 409  # inactive: refused first
    admin.patch(f"/api/v1/users/{later['id']}", json={"active": True})
    assert admin.post(f"/api/v1/users/{later['id']}/invitation").status_code == 503


@pytest.mark.app_config(CRM_REDIS_URL=DEAD_REDIS)
def test_redis_down_adds_nobody_and_says_so(app, world, api_client, page_client):
    api = api_client("acme", "admin").post("/api/v1/users", json=NEW)
    assert api.status_code == 503 and "unavailable" in api.get_json()["error"]["message"]
    page = page_client("acme", "admin").post("/org/users/new", data={**NEW, "password": "", "active": "true"})
    assert page.status_code == 503 and "unavailable" in page.get_data(as_text=True)
    assert users_named(app, world, "Nina New") == []
    # With a password there is nothing to queue: the user is added.
    assert api_client("acme", "admin").post("/api/v1/users", json={**NEW, "password": PASSWORD}).status_code == 201
    # So is an inactive one, who is not invited yet; inviting them later needs Redis.
    later = api_client("acme", "admin").post("/api/v1/users", json={**NEW, "email": "later@example.test",
                                                                    "active": False}).get_json()
    api_client("acme", "admin").patch(f"/api/v1/users/{later['id']}", json={"active": True})
    assert api_client("acme", "admin").post(f"/api/v1/users/{later['id']}/invitation").status_code == 503
    resent = page_client("acme", "admin").post(f"/org/users/{later['id']}/invite", follow_redirects=True)
    assert resent.status_code == 200 and "Background jobs are unavailable" in resent.get_data(as_text=True)


@pytest.mark.app_config(CRM_REDIS_URL=DEAD_REDIS)
def test_redis_lost_after_the_check_keeps_the_user_and_says_to_resend(app, world, api_client, page_client,
                                                                     monkeypatch):
    monkeypatch.setattr(invitations, "require_queue", lambda: None)  # Redis "answered" a moment ago
    api = api_client("acme", "admin").post("/api/v1/users", json=NEW)
    assert api.status_code == 503
    message = api.get_json()["error"]["message"]
    assert "Nina New" in message and "was added" in message and "Resend invitation" in message

    page = page_client("acme", "admin").post("/org/users/new", data={**NEW, "name": "Noah New", "active": "true",
                                                                       "email": "noah@example.test"},
                                             follow_redirects=True)
    assert "Noah New" in page.get_data(as_text=True) and "Resend invitation" in page.get_data(as_text=True)
    assert len(users_named(app, world, "Nina New")) == 1 and len(users_named(app, world, "Noah New")) == 1
    with app.app_context(), unscoped("test: the failed jobs"):
        statuses = db.session.scalars(select(Job.status).where(Job.kind == "send_mail")).all()
    assert statuses == ["failed", "failed"]

