"""The self-test job is the operator's: closed to tenant admins in production unless CRM_JOB_SELFTEST opens it."""
import pytest
from sqlalchemy import func, select

from crm_platform.models import Job


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """The test Redis for every app here."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


def job_count(tenant_session):
    with tenant_session("acme") as session:
        return session.scalar(select(func.count()).select_from(Job))


@pytest.mark.app_config(TESTING=False, CRM_ENV="production")
def test_a_production_server_refuses_the_selftest_to_tenant_admins(app, world, api_client, tenant_session):
    before = job_count(tenant_session)

    response = api_client("acme", "admin").post("/api/v1/jobs/selftest", json={})

    assert response.status_code == 403
    assert "CRM_JOB_SELFTEST" in response.get_json()["error"]["message"]
    assert job_count(tenant_session) == before


@pytest.mark.app_config(TESTING=False, CRM_ENV="production", CRM_JOB_SELFTEST=True)
def test_the_operator_opens_the_selftest_with_a_setting(app, world, api_client, jobs):
    assert api_client("acme", "admin").post("/api/v1/jobs/selftest", json={}).status_code == 202
    assert api_client("acme", "rep_n1").post("/api/v1/jobs/selftest", json={}).status_code == 403


@pytest.mark.app_config(CRM_ENV="development")
def test_development_and_tests_keep_the_selftest_open(app, world, api_client, jobs):
    assert api_client("acme", "admin").post("/api/v1/jobs/selftest", json={}).status_code == 202
