"""Killing `crm worker` mid-import, then running the import again: every row lands exactly once.

Again means a new job for the batch (the "Run again" button) or the recovery sweep
re-queueing the same job row, as every worker's tick does once the heartbeat is old.

A real Redis, a real `crm worker` subprocess on the test's database file, and
SIGKILL once the job's progress is past zero and short of the total. Small
chunks (CRM_IMPORT_CHUNK_SIZE=10, a documented setting) make the kill land
mid-way; nothing in the product sleeps for the test.
"""
import io
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from crm_platform.extensions import db
from crm_platform.imports.service import requeue_import
from crm_platform.jobs.recovery import recover_stale_jobs
from crm_platform.jobs.worker import InProcessWorker
from crm_platform.models import Customer, ImportBatch, Job
from crm_platform.models.base import utcnow
from crm_platform.tenancy import tenant_scope

ROWS = 3000
CHUNK = 10


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Every app here uses the test Redis."""
    return {"CRM_REDIS_URL": redis_url, "CRM_IMPORT_CHUNK_SIZE": CHUNK, **app_config}


def state(app, world, job_id, batch_id):
    """(job status, job progress, batch checkpoint, batch created count, customers imported, distinct names)."""
    with app.app_context(), tenant_scope(world.acme.id):
        job, batch = db.session.get(Job, job_id), db.session.get(ImportBatch, batch_id)
        imported = select(Customer.name).where(Customer.name.like("Killed %"))
        return (job.status, job.progress_done, batch.rows_done, batch.created_count,
                db.session.scalar(select(func.count()).select_from(imported.subquery())),
                db.session.scalar(select(func.count(func.distinct(Customer.name))).where(Customer.name.like("Killed %"))))


def start_worker(app, redis_url):
    """`crm worker` (not burst) in its own process group, on this test's database and instance folder."""
    env = {**os.environ, "CRM_REDIS_URL": redis_url, "CRM_INSTANCE_PATH": app.instance_path,
           "CRM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "CRM_SECRET_KEY": "test-secret-key",
           "CRM_IMPORT_CHUNK_SIZE": str(CHUNK)}
    crm = os.path.join(os.path.dirname(sys.executable), "crm")
    # Its own session: the kill reaches RQ's scheduler process too, which the worker starts.
    return subprocess.Popen([crm, "worker"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_mid_import(app, world, worker, job_id, batch_id):
    """SIGKILL the worker's process group once the import is part-way; returns the state then."""
    deadline = time.monotonic() + 120
    try:
        while True:
            status, done = state(app, world, job_id, batch_id)[:2]
            if status == "running" and 0 < done < ROWS // 2:
                break
            assert worker.poll() is None, "the worker exited before the import got going"
            assert status in ("queued", "running") and time.monotonic() < deadline, (status, done)
            time.sleep(0.02)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    return state(app, world, job_id, batch_id)


@pytest.mark.parametrize("rerun", ["new job for the batch", "recovery sweep"])
def test_a_killed_import_runs_again_without_duplicates(app, world, api_client, redis_url, redis_db, rerun):
    lines = ["Name,Email,Phone"] + [f"Killed {n:05d},k{n}@kill.test,139{n:08d}" for n in range(ROWS)]
    response = api_client("acme", "rep_n1").post(
        "/api/v1/imports", data={"file": (io.BytesIO("\n".join(lines).encode()), "big.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 202, response.get_json()
    job_id, batch_id = response.get_json()["id"], response.get_json()["params"]["batch_id"]

    status, progress, checkpoint, created, imported, distinct = kill_mid_import(
        app, world, start_worker(app, redis_url), job_id, batch_id)

    # Killed: the row still says running, and what was committed is exactly the checkpoint's chunks.
    assert status == "running"
    assert 0 < checkpoint < ROWS and checkpoint % CHUNK == 0
    assert progress == checkpoint == created == imported == distinct

    with app.test_request_context(), tenant_scope(world.acme.id, world.acme.users["rep_n1"].id):
        if rerun == "new job for the batch":
            job_id = requeue_import(db.session.get(ImportBatch, batch_id)).id
        else:  # the recovery sweep, once the dead worker's heartbeat is old: the same row queued again
            stale = utcnow() + timedelta(seconds=app.config["CRM_JOB_STALE_SECONDS"] + 1)
            assert recover_stale_jobs(now=stale) == {"requeued": [job_id], "failed": []}
    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)

    assert state(app, world, job_id, batch_id) == ("finished", ROWS, ROWS, ROWS, ROWS, ROWS)
    with app.app_context(), tenant_scope(world.acme.id):
        job = db.session.get(Job, job_id)
        assert job.result["created"] == ROWS and job.result["failed"] == 0
        assert job.attempts == (2 if rerun == "recovery sweep" else 1)
