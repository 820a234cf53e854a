"""Faults: a worker killed mid-job, a Redis that lost its queue, a Redis that is down.

Real processes throughout: `crm worker` in a subprocess killed with SIGKILL,
a redis-server of the test's own that is shut down and started again.
"""
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import redis
from rq.job import Job as RQJob
from sqlalchemy import update

from crm_platform import create_app
from crm_platform.extensions import db
from crm_platform.jobs import kinds
from crm_platform.jobs.recovery import recover_stale_jobs
from crm_platform.jobs.tick import run_tick
from crm_platform.models import Job, ScheduleRun
from crm_platform.models.base import utcnow
from crm_platform.tenancy import tenant_scope
from crm_platform.testing import dispose, free_port, start_redis_server
from job_support import enqueue_as_admin, run_worker, wait_for

STALE = 1.5  # seconds without a heartbeat before recovery calls a worker dead
# `crm worker`, with one more kind: the self-test registered as not safe to run twice.
WORKER = ("from crm_platform.jobs.kinds import register_kind, selftest; "
          "register_kind('selftest_once', selftest, 'Self-test, run once', timeout=60); "
          "from crm_platform.cli import main; main(['worker'])")


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """The test Redis, and a short stale limit so that recovery can be watched."""
    return {"CRM_REDIS_URL": redis_url, "CRM_JOB_STALE_SECONDS": STALE, **app_config}


@pytest.fixture
def selftest_once(monkeypatch):
    """The self-test registered as a kind that is not idempotent (in this process too)."""
    monkeypatch.setitem(kinds._KINDS, "selftest_once",
                        kinds.JobKind("selftest_once", kinds.selftest, "Self-test, run once", 60, False))


def job_row(app, world, job_id):
    """The acme job's row, detached."""
    with app.app_context(), tenant_scope(world.acme.id):
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def kill_worker_mid_job(app, world, redis_url, job_id):
    """Start `crm worker` in a subprocess, SIGKILL it once it runs `job_id` and has beaten once, wait it out."""
    env = {**os.environ, "CRM_REDIS_URL": redis_url, "CRM_INSTANCE_PATH": app.instance_path,
           "CRM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "CRM_SECRET_KEY": "test-secret-key",
           "CRM_JOB_HEARTBEAT_SECONDS": "0.3"}
    # Its own process group: the kill takes RQ's scheduler process (forked by the worker) with it.
    worker = subprocess.Popen([sys.executable, "-c", WORKER], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(lambda: (row := job_row(app, world, job_id)).status == "running"
                 and row.heartbeat_at > row.started_at)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    time.sleep(STALE + 0.5)  # its heartbeat goes stale


def test_an_idempotent_job_of_a_killed_worker_is_run_again(app, world, redis_url, redis_db):
    job_id = enqueue_as_admin(app, world, "selftest", count=4, delay=0.5)
    kill_worker_mid_job(app, world, redis_url, job_id)
    killed = job_row(app, world, job_id)
    assert (killed.status, killed.attempts) == ("running", 1) and killed.progress_done < 4

    with app.app_context():
        assert recover_stale_jobs() == {"requeued": [job_id], "failed": []}
        assert recover_stale_jobs() == {"requeued": [], "failed": []}  # its new RQ job is queued: alive
    requeued = job_row(app, world, job_id)
    assert requeued.status == "queued" and requeued.rq_id != killed.rq_id
    assert "stopped (killed or crashed); it was queued again (attempt 2 of 3)" in requeued.error
    run_worker(app, redis_db)

    done = job_row(app, world, job_id)
    assert (done.status, done.attempts, done.progress_done, done.error) == ("finished", 2, 4, None)
    assert done.result["counted"] == 4


# `crm worker` whose process dies the moment RQ hands it a job: after RQ marked the
# job started, before the runner could claim the row (found by bench/faults.py).
DIES_ON_DEQUEUE = ("import os, signal, crm_platform.jobs.runner as runner; "
                   "runner.run_job = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL); "
                   "from crm_platform.cli import main; main(['worker'])")


# `crm worker` whose process dies a step earlier: RQ has popped the job off its queue
# but not marked it started yet, so Redis holds it as queued on no queue at all.
# (The tick, on its own queue, runs as usual.)
DIES_ON_POP = ("import os, signal, rq; execute = rq.SimpleWorker.execute_job; "
               "rq.SimpleWorker.execute_job = lambda self, job, queue: os.kill(os.getpid(), signal.SIGKILL) "
               "if queue.name == 'crm' else execute(self, job, queue); "
               "from crm_platform.cli import main; main(['worker'])")


@pytest.mark.parametrize("worker_code, rq_status", [(DIES_ON_DEQUEUE, "started"), (DIES_ON_POP, "queued")])
def test_a_job_whose_worker_died_before_claiming_it_is_queued_again(app, world, redis_url, redis_db, worker_code,
                                                                    rq_status):
    job_id = enqueue_as_admin(app, world, "selftest", count=2)
    env = {**os.environ, "CRM_REDIS_URL": redis_url, "CRM_INSTANCE_PATH": app.instance_path,
           "CRM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "CRM_SECRET_KEY": "test-secret-key"}
    worker = subprocess.Popen([sys.executable, "-c", worker_code], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        worker.wait(timeout=60)
    finally:
        try:
            os.killpg(worker.pid, signal.SIGKILL)  # RQ's scheduler process, if it forked one
        except ProcessLookupError:
            pass
    rq_id = job_row(app, world, job_id).rq_id
    assert RQJob.fetch(rq_id, connection=redis_db).get_status() == rq_status  # RQ thinks it is running or queued
    assert redis_db.lpos("rq:queue:crm", rq_id) is None  # but no queue holds it
    time.sleep(STALE + 0.5)

    with app.app_context():
        assert recover_stale_jobs() == {"requeued": [job_id], "failed": []}
    requeued = job_row(app, world, job_id)
    assert (requeued.status, requeued.attempts, requeued.repushes) == ("queued", 0, 1)
    assert requeued.rq_id != rq_id
    assert requeued.error == ("This job did not start: the worker that took it stopped (killed or crashed) before "
                              "it could start it. It was queued again (attempt 2 of 3).")
    run_worker(app, redis_db)

    done = job_row(app, world, job_id)
    assert (done.status, done.attempts, done.error) == ("finished", 1, None)


def test_a_job_not_safe_to_repeat_is_failed_with_the_reason(app, world, redis_url, redis_db, selftest_once,
                                                            page_client):
    job_id = enqueue_as_admin(app, world, "selftest_once", count=4, delay=0.5)
    kill_worker_mid_job(app, world, redis_url, job_id)

    with app.app_context():
        assert recover_stale_jobs() == {"requeued": [], "failed": [job_id]}
    run_worker(app, redis_db)  # its old RQ job is gone with the worker: nothing runs it again

    failed = job_row(app, world, job_id)
    assert (failed.status, failed.attempts) == ("failed", 1) and failed.finished_at
    assert failed.error.startswith("The worker running this job stopped (killed or crashed) before it finished. "
                                   "It was not retried: this kind of job is not safe to run twice")
    assert "not safe to run twice" in page_client("acme", "admin").get("/jobs/").get_data(as_text=True)


def test_an_idempotent_job_is_retried_a_bounded_number_of_times(app, world, redis_db):
    job_id = enqueue_as_admin(app, world, "selftest")
    with app.app_context(), tenant_scope(world.acme.id):  # as a worker dying on its third start leaves it
        db.session.execute(update(Job).where(Job.id == job_id).values(
            status="running", attempts=3, heartbeat_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    with app.app_context():
        assert recover_stale_jobs() == {"requeued": [], "failed": [job_id]}
    assert "It was not retried: it was started 3 times." in job_row(app, world, job_id).error


def test_a_queued_job_that_redis_lost_is_queued_again(app, world, redis_db):
    job_id = enqueue_as_admin(app, world, "selftest", count=2)
    with app.app_context(), tenant_scope(world.acme.id):
        db.session.execute(update(Job).where(Job.id == job_id).values(created_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    with app.app_context():
        assert recover_stale_jobs() == {"requeued": [], "failed": []}  # still in Redis: only waiting
    redis_db.flushall()  # Redis lost everything

    with app.app_context():
        assert recover_stale_jobs() == {"requeued": [job_id], "failed": []}
    assert job_row(app, world, job_id).error == ("This job did not start: Redis does not hold this job, so no "
                                                 "worker would take it. It was queued again (attempt 2 of 3).")
    run_worker(app, redis_db)

    assert (job_row(app, world, job_id).status, job_row(app, world, job_id).attempts) == ("finished", 1)


def test_a_queued_job_no_worker_can_start_is_pushed_a_bounded_number_of_times(app, world, redis_url, redis_db,
                                                                              tmp_path):
    job_id = enqueue_as_admin(app, world, "selftest")
    with app.app_context(), tenant_scope(world.acme.id):
        db.session.execute(update(Job).where(Job.id == job_id).values(created_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    # A worker host set up with the wrong database: every run fails before it can claim the row.
    broken = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key", "CRM_REDIS_URL": redis_url,
                         "CRM_THROTTLE_STORAGE_URL": "memory://",
                         "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite'}"},
                        instance_path=str(tmp_path / "broken"))
    sweeps = []
    try:
        for _ in range(3):
            run_worker(broken, redis_db)
            with app.app_context():
                sweeps.append(recover_stale_jobs())
    finally:
        dispose(broken)

    assert sweeps == [{"requeued": [job_id], "failed": []}] * 2 + [{"requeued": [], "failed": [job_id]}]
    failed = job_row(app, world, job_id)
    assert (failed.status, failed.attempts, failed.repushes) == ("failed", 0, 2) and failed.finished_at
    assert failed.error == ("This job never started: a worker could not start this job (sqlalchemy.exc."
                            "OperationalError: (sqlite3.OperationalError) no such table: jobs). It was queued 3 "
                            "times and is not queued again.")
    with app.app_context():
        assert recover_stale_jobs() == {"requeued": [], "failed": []}


def start_redis(port, folder):
    """A redis-server of this test's own on `port`; returns the process once it answers."""
    return start_redis_server(folder, port)[0]


OWN_REDIS_PORT = free_port()


@pytest.mark.app_config(CRM_REDIS_URL=f"redis://127.0.0.1:{OWN_REDIS_PORT}/0")
def test_with_redis_stopped_reads_work_enqueueing_answers_503_and_it_all_comes_back(app, world, api_client,
                                                                                   page_client, tmp_path):
    server = start_redis(OWN_REDIS_PORT, tmp_path)
    try:
        admin, pages = api_client("acme", "admin"), page_client("acme", "admin")
        assert admin.post("/api/v1/jobs/selftest", json={}).status_code == 202
        redis.Redis(port=OWN_REDIS_PORT).shutdown(nosave=True)
        server.wait(timeout=10)

        refused = admin.post("/api/v1/jobs/selftest", json={})
        assert refused.status_code == 503
        assert refused.get_json()["error"]["message"] == ("Background jobs are unavailable right now; nothing was "
                                                          "started. Try again in a minute.")
        assert admin.post("/api/v1/exports", json={}).status_code == 503
        jobs = admin.get("/api/v1/jobs").get_json()["items"]
        assert [job["status"] for job in jobs[:2]] == ["failed", "failed"] and "unavailable" in jobs[0]["error"]
        assert admin.get(f"/api/v1/jobs/{jobs[-1]['id']}").status_code == 200
        assert admin.get("/api/v1/customers").status_code == 200
        assert admin.get("/api/v1/jobs?scope=workspace").status_code == 200
        for page in ("/customers/", "/jobs/", "/jobs/?scope=workspace"):
            assert pages.get(page).status_code == 200, page
        with app.app_context():
            assert run_tick()["started"] == []  # the tick does not crash, and claims nothing
            with tenant_scope(world.acme.id):
                assert db.session.query(ScheduleRun).count() == 0

        server = start_redis(OWN_REDIS_PORT, tmp_path)
        assert admin.post("/api/v1/jobs/selftest", json={}).status_code == 202
        with app.app_context():
            started = run_tick()["started"]
        # (the other core schedules start too; the export sweep stands for them)
        assert {(tenant, name) for tenant, name, _ in started if name == "customer_export_sweep"} == {
            (world.acme.id, "customer_export_sweep"), (world.globex.id, "customer_export_sweep")}
    finally:
        server.kill()
        server.wait(timeout=10)

