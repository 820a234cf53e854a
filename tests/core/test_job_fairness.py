"""Fair jobs across workspaces: a flood from one cannot hold back another's job (docs/jobs.md, "Fair jobs").

Real Redis and real `crm worker` processes: one workspace fills its cap with
self-tests, another queues one job, and the number of the flood's jobs that
start before it is bounded by CRM_JOB_WORKSPACE_MAX_RUNNING, as the docs state.
"""
import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from rq import Worker
from sqlalchemy import select

from crm_platform.jobs import schedules
from crm_platform.jobs.schedules import Schedule
from crm_platform.models import Job
from job_support import wait_for

CAP = 8  # the flooding workspace's cap in these tests
# `crm worker` whose tick starts no schedules: a scheduled job queued mid-test would
# take one of the other workspace's places ahead of the job whose wait is measured.
WORKER = ("from crm_platform.jobs import tick; tick.all_schedules = lambda app=None: []; "
          "from crm_platform.cli import main; main(['worker'])")
STEP = {"count": 2, "delay": 0.4}  # a self-test of about a second


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """The test Redis and a cap of CAP unfinished jobs per workspace."""
    return {"CRM_REDIS_URL": redis_url, "CRM_JOB_WORKSPACE_MAX_JOBS": CAP, **app_config}


def start_workers(app, redis_url, redis_db, how_many):
    """Start `how_many` `crm worker` processes (each its own process group) and wait until RQ lists them.

    They get the app's limits: the tick they run queues jobs too, and RQ keeps
    the slots of the last push (docs/jobs.md, "Fair jobs").
    """
    env = {**os.environ, "CRM_REDIS_URL": redis_url, "CRM_INSTANCE_PATH": app.instance_path,
           "CRM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "CRM_SECRET_KEY": "test-secret-key",
           **{key: str(app.config[key]) for key in ("CRM_JOB_WORKSPACE_MAX_JOBS", "CRM_JOB_WORKSPACE_MAX_RUNNING")}}
    workers = [subprocess.Popen([sys.executable, "-c", WORKER], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True) for _ in range(how_many)]
    wait_for(lambda: Worker.count(connection=redis_db) == how_many, timeout=120)
    return workers


def stop_workers(workers):
    """Kill the workers' process groups (RQ's scheduler processes with them)."""
    for worker in workers:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def rows(tenant_session, tenant):
    """The workspace's job rows, detached, by id."""
    with tenant_session(tenant) as session:
        found = session.scalars(select(Job)).all()
        session.expunge_all()
        return {job.id: job for job in found}


def finished(tenant_session, tenant, job_id):
    return rows(tenant_session, tenant)[job_id].status == "finished"


def flood(api_client):
    """Queue self-tests as acme's admin until the cap answers 429; the ids queued."""
    admin, queued = api_client("acme", "admin"), []
    for _ in range(3 * CAP):
        response = admin.post("/api/v1/jobs/selftest", json=STEP)
        if response.status_code == 429:
            return queued
        assert response.status_code == 202
        queued.append(response.get_json()["id"])
    raise AssertionError("the flood was never refused")


def test_another_workspaces_job_starts_after_at_most_max_running_of_the_floods(app, world, api_client, redis_url,
                                                                              redis_db, tenant_session):
    bound = app.config["CRM_JOB_WORKSPACE_MAX_RUNNING"]
    workers = start_workers(app, redis_url, redis_db, 1)
    try:
        assert len(flood(api_client)) >= CAP
        theirs = api_client("globex", "admin").post("/api/v1/jobs/selftest", json={"count": 1}).get_json()["id"]
        wait_for(lambda: finished(tenant_session, "globex", theirs), timeout=120)
    finally:
        stop_workers(workers)

    job = rows(tenant_session, "globex")[theirs]
    ahead = [flood_job for flood_job in rows(tenant_session, "acme").values() if flood_job.started_at is not None
             and job.created_at < flood_job.started_at < job.started_at]
    assert len(ahead) <= bound, f"{len(ahead)} of the flood's jobs started before globex's"


@pytest.mark.app_config(CRM_JOB_WORKSPACE_MAX_RUNNING=1)
def test_a_workspace_runs_at_most_max_running_jobs_at_once_and_a_free_worker_takes_another_workspaces(
        app, world, api_client, redis_url, redis_db, tenant_session):
    workers = start_workers(app, redis_url, redis_db, 2)
    try:
        admin = api_client("acme", "admin")
        flooded = [admin.post("/api/v1/jobs/selftest", json=STEP).get_json()["id"] for _ in range(3)]
        theirs = api_client("globex", "admin").post("/api/v1/jobs/selftest", json={"count": 1}).get_json()["id"]
        wait_for(lambda: all(finished(tenant_session, "acme", job_id) for job_id in flooded), timeout=120)
    finally:
        stop_workers(workers)

    runs = sorted((job.started_at, job.finished_at) for job in rows(tenant_session, "acme").values()
                  if job.id in flooded)
    assert all(earlier[1] <= later[0] for earlier, later in zip(runs, runs[1:])), runs  # never two at once
    assert rows(tenant_session, "globex")[theirs].started_at < runs[0][1]  # the other worker took it at once


@pytest.fixture
def probe_schedule(monkeypatch):
    """One schedule, a self-test every minute, in every workspace."""
    monkeypatch.setattr(schedules, "_SCHEDULES", {"fair_probe": Schedule("fair_probe", "selftest", every=60)})


def test_the_tick_takes_the_workspaces_in_a_different_order_from_tick_to_tick(app, world, jobs, probe_schedule):
    start = datetime(2026, 3, 5, 6, 0, tzinfo=timezone.utc)
    firsts = set()
    for minute in range(20):
        started = [tenant for tenant, name, _ in jobs.tick(start + timedelta(minutes=minute))["started"]
                   if name == "fair_probe"]
        assert set(started) >= {world.acme.id, world.globex.id}
        firsts.add(started[0])
    assert len(firsts) > 1


def test_the_tick_starts_a_workspaces_schedules_even_at_its_cap(app, world, api_client, jobs, probe_schedule):
    flood(api_client)

    started = jobs.tick(datetime(2026, 3, 5, 6, 0, tzinfo=timezone.utc))["started"]

    assert (world.acme.id, "fair_probe") in {(tenant, name) for tenant, name, _ in started}
