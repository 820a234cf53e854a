"""The cap on a workspace's unfinished jobs: 429 with a message on every way a job is queued, nothing half written.

Real Redis, real RQ workers in this process; the cap is set low with app_config.
"""
import io

import pytest
from sqlalchemy import func, select

from crm_platform import sdk
from crm_platform.models import ImportBatch, Job, User

CAP = 3
REFUSAL = "This workspace already has 3 background jobs waiting or running"


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """The test Redis and a cap of CAP unfinished jobs per workspace."""
    return {"CRM_REDIS_URL": redis_url, "CRM_JOB_WORKSPACE_MAX_JOBS": CAP, **app_config}


def rows_of(tenant_session, tenant, model=Job):
    """How many rows of `model` the workspace has (the world's own included)."""
    with tenant_session(tenant) as session:
        return session.scalar(select(func.count()).select_from(model))


def fill(api_client, tenant="acme"):
    """Queue CAP self-tests as the workspace's admin (no worker runs them)."""
    admin = api_client(tenant, "admin")
    for _ in range(CAP):
        assert admin.post("/api/v1/jobs/selftest", json={"count": 1}).status_code == 202


def test_the_api_refuses_a_job_past_the_cap_with_429_and_other_workspaces_are_not_affected(app, world, api_client,
                                                                                            jobs, tenant_session):
    fill(api_client)
    before = rows_of(tenant_session, "acme")

    refused = api_client("acme", "admin").post("/api/v1/jobs/selftest", json={})
    export = api_client("acme", "rep_n1").post("/api/v1/exports", json={})

    assert refused.status_code == export.status_code == 429
    assert REFUSAL in refused.get_json()["error"]["message"]
    assert refused.headers["Retry-After"]
    assert rows_of(tenant_session, "acme") == before  # nothing written
    assert api_client("globex", "admin").post("/api/v1/jobs/selftest", json={}).status_code == 202

    jobs.work()  # finished jobs no longer count
    assert api_client("acme", "rep_n1").post("/api/v1/exports", json={}).status_code == 202


@pytest.mark.app_config(CRM_JOB_WORKSPACE_MAX_JOBS=1)
def test_the_refusal_counts_one_job_in_the_singular_and_speaks_chinese(app, world, api_client, jobs):
    admin = api_client("acme", "admin")
    assert admin.post("/api/v1/jobs/selftest", json={}).status_code == 202

    english = admin.post("/api/v1/jobs/selftest", json={}).get_json()["error"]["message"]
    chinese = admin.post("/api/v1/jobs/selftest", json={}, headers={"Accept-Language": "zh-CN"})

    assert "already has 1 background job waiting or running" in english
    assert "本工作区已有 1 个后台任务在等待或运行" in chinese.get_json()["error"]["message"]


def test_pages_say_why_no_job_was_started(app, world, api_client, page_client, tenant_session, redis_db):
    fill(api_client)
    before = rows_of(tenant_session, "acme")
    client = page_client("acme", "rep_n1")

    export = client.post("/customers/export", data={"format": "csv"}, follow_redirects=True)

    assert REFUSAL in export.get_data(as_text=True)
    assert rows_of(tenant_session, "acme") == before


def test_an_import_past_the_cap_is_429_and_leaves_no_batch(app, world, api_client, tenant_session, redis_db):
    fill(api_client)
    batches = rows_of(tenant_session, "acme", ImportBatch)
    body = {"file": (io.BytesIO(b"Name\nNorthwind Foods\n"), "customers.csv")}

    response = api_client("acme", "rep_n1").post("/api/v1/imports", data=body, content_type="multipart/form-data")

    assert response.status_code == 429 and REFUSAL in response.get_json()["error"]["message"]
    assert rows_of(tenant_session, "acme", ImportBatch) == batches


def test_a_plugins_job_through_the_sdk_is_refused_past_the_cap(app, world, api_client, tenant_session, redis_db):
    fill(api_client)

    with app.test_request_context(), tenant_session("acme") as session:
        admin = session.get(User, world.acme.users["admin"].id)
        with pytest.raises(sdk.TooManyJobs) as refused:
            sdk.enqueue_on_commit("selftest", None, {"count": 1})
        with pytest.raises(sdk.TooManyJobs):
            sdk.enqueue("selftest", admin, {"count": 1})
    assert refused.value.code == 429 and REFUSAL in refused.value.description


def test_an_invitation_past_the_cap_is_429_and_adds_no_user(app, world, api_client, tenant_session, redis_db):
    fill(api_client)
    users = rows_of(tenant_session, "acme", User)

    response = api_client("acme", "admin").post("/api/v1/users", json={
        "name": "New Rep", "email": "new.rep@example.test", "role": "rep",
        "org_unit_id": world.acme.units["south"].id})

    assert response.status_code == 429 and REFUSAL in response.get_json()["error"]["message"]
    assert rows_of(tenant_session, "acme", User) == users


def test_jobs_that_jobs_queue_are_not_refused(app, world, api_client, tenant_session, redis_db):
    fill(api_client)

    with tenant_session("acme") as session:  # as in a worker: no request
        job = sdk.enqueue_on_commit("selftest", None, {"count": 1})  # say, a scan's notices
        session.commit()
        assert session.get(Job, job.id).status == "queued"
