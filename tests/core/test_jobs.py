"""Background jobs on a real Redis with a real RQ worker (burst mode).

The self-test kind counts to N with progress and reports the customers its
tenant and user can see, which is what these tests check a job against.
"""
import os
import socket
import subprocess
import sys

import pytest

from crm_platform.extensions import db
from crm_platform.jobs import enqueue
from crm_platform.jobs.worker import InProcessWorker
from crm_platform.models import Customer, Job, User
from crm_platform.tenancy import tenant_scope
from crm_platform.testing import MISSING_ID, free_port


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Every app here uses the test Redis (a test's own CRM_REDIS_URL marker wins)."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


def enqueue_as(app, world, tenant, user_key, **params):
    """Queue a self-test job as a world user, the way a request would; returns its id."""
    tw = world[tenant]
    with app.test_request_context(), tenant_scope(tw.id, tw.users[user_key].id):
        return enqueue("selftest", db.session.get(User, tw.users[user_key].id), params).id


def run_worker(app, redis_db):
    """Drain the queue with a real RQ worker in this process."""
    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)


def job_row(app, world, tenant, job_id):
    """The job's row, read in its tenant's scope."""
    with app.app_context(), tenant_scope(world[tenant].id):
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def closed_port():
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_selftest_job_runs_to_finished_with_progress_and_result(app, world, api_client, redis_db):
    job_id = enqueue_as(app, world, "acme", "rep_n1", count=5)
    assert job_row(app, world, "acme", job_id).status == "queued"
    assert redis_db.llen("rq:queue:crm") == 1

    run_worker(app, redis_db)

    body = api_client("acme", "rep_n1").get(f"/api/v1/jobs/{job_id}").get_json()
    assert body["status"] == "finished"
    assert body["progress"] == {"done": 5, "total": 5, "percent": 100}
    assert body["result"]["counted"] == 5
    assert body["started_at"] and body["finished_at"] and body["error"] is None
    assert job_row(app, world, "acme", job_id).rq_id


def test_job_runs_in_its_tenant_scope_with_its_users_visibility(app, world, api_client, tenant_session, redis_db):
    with tenant_session("globex") as session:
        session.add(Customer(name="Only in globex", owner_id=world.globex.users["admin"].id))
        session.commit()
    job_id = enqueue_as(app, world, "acme", "rep_n1")

    run_worker(app, redis_db)

    result = job_row(app, world, "acme", job_id).result
    assert result["customers"] == len(world.acme.customers)
    visible = api_client("acme", "rep_n1").get("/api/v1/customers?limit=200").get_json()["items"]
    assert result["visible_customers"] == len(visible) < len(world.acme.customers)


def test_a_job_that_raises_is_failed_with_its_error_visible(app, world, api_client, redis_db):
    job_id = enqueue_as(app, world, "acme", "rep_n1", count=2, fail="the printer is on fire")

    run_worker(app, redis_db)

    body = api_client("acme", "rep_n1").get(f"/api/v1/jobs/{job_id}").get_json()
    assert body["status"] == "failed"
    assert "the printer is on fire" in body["error"]
    assert body["progress"]["done"] == 2 and body["finished_at"]
    page = api_client("acme", "rep_n1").get("/api/v1/jobs").get_json()
    assert [item["id"] for item in page["items"]] == [job_id]


def test_a_job_of_a_deactivated_user_fails_before_it_runs_and_workspace_jobs_still_run(app, world, api_client,
                                                                                         redis_db):
    job_id = enqueue_as(app, world, "acme", "rep_n1", count=2)
    rep = world.acme.users["rep_n1"].id
    assert api_client("acme", "admin").patch(f"/api/v1/users/{rep}", json={"active": False}).status_code == 200
    with app.test_request_context(), tenant_scope(world.acme.id):
        workspace_job = enqueue("selftest", None, {"count": 2}).id

    run_worker(app, redis_db)

    refused = job_row(app, world, "acme", job_id)
    assert (refused.status, refused.attempts, refused.progress_done) == ("failed", 0, 0) and refused.finished_at
    assert refused.error == "The user who started this job was deactivated or removed, so this job did not run."
    assert job_row(app, world, "acme", workspace_job).status == "finished"


def test_jobs_list_is_the_callers_newest_first_with_cursor_pages(app, world, api_client, redis_db):
    mine = [enqueue_as(app, world, "acme", "rep_n1") for _ in range(3)]
    enqueue_as(app, world, "acme", "rep_n2")
    client = api_client("acme", "rep_n1")

    first = client.get("/api/v1/jobs?limit=2").get_json()
    second = client.get(f"/api/v1/jobs?limit=2&cursor={first['next_cursor']}").get_json()

    assert [j["id"] for j in first["items"] + second["items"]] == mine[::-1]
    assert second["next_cursor"] is None


def test_a_job_is_read_by_its_user_and_admins_only_and_other_tenants_see_404(app, world, api_client, redis_db):
    job_id = enqueue_as(app, world, "acme", "rep_n1")
    url = f"/api/v1/jobs/{job_id}"

    assert api_client("acme", "rep_n1").get(url).status_code == 200
    assert api_client("acme", "admin").get(url).status_code == 200
    assert api_client("acme", "rep_n2").get(url).status_code == 404
    other_tenant = api_client("globex", "admin").get(url)
    missing = api_client("globex", "admin").get(f"/api/v1/jobs/{MISSING_ID}")
    assert other_tenant.status_code == missing.status_code == 404
    assert other_tenant.get_json() == missing.get_json()
    globex_jobs = api_client("globex", "admin").get("/api/v1/jobs").get_json()["items"]
    assert [j["id"] for j in globex_jobs] == [world.globex.job_id]


def test_admins_queue_a_selftest_through_the_api(app, world, api_client, redis_db):
    response = api_client("acme", "admin").post("/api/v1/jobs/selftest", json={"count": 4})
    assert response.status_code == 202
    assert response.get_json()["status"] == "queued"
    assert api_client("acme", "rep_n1").post("/api/v1/jobs/selftest", json={}).status_code == 403
    assert api_client("acme", "admin").post("/api/v1/jobs/selftest", json={"count": -1}).status_code == 422

    run_worker(app, redis_db)

    job = api_client("acme", "admin").get(f"/api/v1/jobs/{response.get_json()['id']}").get_json()
    assert job["status"] == "finished" and job["progress"]["percent"] == 100


def test_jobs_page_shows_progress_bars_that_poll_the_api(app, world, page_client, redis_db):
    job_id = enqueue_as(app, world, "acme", "rep_n1")
    client = page_client("acme", "rep_n1")

    page = client.get("/jobs/").get_data(as_text=True)

    assert f'data-job-id="{job_id}"' in page and "<progress" in page and '"/api/v1/jobs/"' in page
    assert 'href="/jobs/"' in page  # the menu entry
    polled = client.get(f"/api/v1/jobs/{job_id}")  # what the page's fetch does, with the session cookie
    assert polled.status_code == 200 and polled.get_json()["status"] == "queued"


@pytest.mark.app_config(CRM_REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
def test_redis_down_answers_503_and_reads_keep_working(app, world, api_client, page_client):
    admin = api_client("acme", "admin")

    response = admin.post("/api/v1/jobs/selftest", json={})

    assert response.status_code == 503
    assert "unavailable" in response.get_json()["error"]["message"]
    newest = admin.get("/api/v1/jobs").get_json()["items"][0]
    assert newest["status"] == "failed" and "unavailable" in newest["error"]
    assert admin.get("/api/v1/customers").status_code == 200
    pages = page_client("acme", "admin")
    assert pages.get("/jobs/").status_code == 200
    assert pages.get("/customers/").status_code == 200


def test_crm_worker_burst_runs_the_queue_in_a_subprocess(app, world, redis_url, redis_db):
    job_id = enqueue_as(app, world, "acme", "admin", count=3)
    env = {**os.environ, "CRM_REDIS_URL": redis_url, "CRM_INSTANCE_PATH": app.instance_path,
           "CRM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "CRM_SECRET_KEY": "test-secret-key"}
    crm = os.path.join(os.path.dirname(sys.executable), "crm")

    subprocess.run([crm, "worker", "--burst"], env=env, check=True, timeout=60, capture_output=True)

    job = job_row(app, world, "acme", job_id)
    assert (job.status, job.progress_done, job.progress_total) == ("finished", 3, 3)


def test_crm_worker_without_redis_says_so_in_one_line(app, world):
    """No traceback: an error naming Redis and the setting, and status 1 for the supervisor."""
    env = {**os.environ, "CRM_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
           "CRM_INSTANCE_PATH": app.instance_path, "CRM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "CRM_SECRET_KEY": "test-secret-key"}
    crm = os.path.join(os.path.dirname(sys.executable), "crm")

    run = subprocess.run([crm, "worker"], env=env, timeout=60, capture_output=True, text=True)

    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "Error: Redis is unreachable" in run.stderr and "CRM_REDIS_URL" in run.stderr


def test_without_crm_redis_url_a_local_redis_is_started_once_and_shared(tmp_path):
    import redis

    from crm_platform.jobs.local_redis import ensure_local_redis, stop_if_last_user

    folder = tmp_path / "i"
    url = ensure_local_redis(folder)
    try:
        pid = (folder / "redis" / "redis.pid").read_text()
        assert ensure_local_redis(folder) == url  # a second call reuses it
        assert (folder / "redis" / "redis.pid").read_text() == pid
        client = redis.Redis.from_url(url, decode_responses=True)
        assert client.ping()
        assert client.config_get("maxmemory-policy") == {"maxmemory-policy": "noeviction"}
        assert client.config_get("appendonly") == {"appendonly": "yes"}
        client.close()
    finally:
        stop_if_last_user()
    assert not (folder / "redis" / "redis.pid").exists()


def test_admins_see_the_workspaces_scheduled_jobs(app, world, api_client, page_client, redis_db):
    from crm_platform.jobs.tick import run_tick

    with app.app_context():
        # The hourly export sweep stands for the core's schedules (the others start too).
        started = {tenant: job_id for tenant, name, job_id in run_tick()["started"] if name == "customer_export_sweep"}
    admin = api_client("acme", "admin")

    listed = [job for job in admin.get("/api/v1/jobs?scope=workspace").get_json()["items"]
              if job["kind"] == "customer_export_sweep"]
    assert [(job["id"], job["kind"], job["user_id"]) for job in listed] == [
        (started[world.acme.id], "customer_export_sweep", None)]
    assert started[world.acme.id] not in [job["id"] for job in admin.get("/api/v1/jobs").get_json()["items"]]
    assert admin.get(f"/api/v1/jobs/{started[world.acme.id]}").status_code == 200
    globex = api_client("globex", "admin").get("/api/v1/jobs?scope=workspace").get_json()["items"]
    assert [job["id"] for job in globex if job["kind"] == "customer_export_sweep"] == [started[world.globex.id]]
    refused = api_client("acme", "rep_n1").get("/api/v1/jobs?scope=workspace")
    assert refused.status_code == 403 and refused.get_json()["error"]["message"]
    assert api_client("acme", "admin").get("/api/v1/jobs?scope=everyone").status_code == 422

    page = page_client("acme", "admin").get("/jobs/?scope=workspace").get_data(as_text=True)
    assert f'data-job-id="{started[world.acme.id]}"' in page and "Expired export files sweep" in page
    assert 'href="/jobs/?scope=workspace" aria-current="page"' in page
    rep_page = page_client("acme", "rep_n1")
    assert "Workspace jobs" not in rep_page.get("/jobs/").get_data(as_text=True)
    assert rep_page.get("/jobs/?scope=workspace").status_code == 403
