"""A run superseded by a newer run of its row changes nothing: progress, heartbeat and outcome are fenced.

Recovery re-queues the row of a worker that looks dead; a worker that was only
stalled (SIGSTOP here, a long GC pause or a frozen VM in life) wakes up later
and must leave the newer run's row alone. Real Redis, real RQ workers, a real
`crm worker` subprocess for the stalled one.
"""
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from rq.job import Job as RQJob, JobStatus
from sqlalchemy import update

from crm_platform.extensions import db
from crm_platform.jobs import kinds, runner
from crm_platform.jobs.recovery import recover_stale_jobs
from crm_platform.models import Job
from crm_platform.models.base import utcnow
from crm_platform.tenancy import tenant_scope
from job_support import enqueue_as_admin, run_worker, wait_for

STALE = 1.5  # seconds without a heartbeat before recovery calls a worker dead
ROW = ("status", "attempts", "rq_id", "progress_done", "progress_total", "result", "error", "heartbeat_at",
       "started_at", "finished_at")


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """The test Redis, a short stale limit and a quick heartbeat."""
    return {"CRM_REDIS_URL": redis_url, "CRM_JOB_STALE_SECONDS": STALE, "CRM_JOB_HEARTBEAT_SECONDS": 0.05,
            **app_config}


def row(app, world, job_id):
    """The acme job row's columns that a run writes, as a dict."""
    with app.app_context(), tenant_scope(world.acme.id):
        job = db.session.get(Job, job_id)
        return {key: getattr(job, key) for key in ROW}


def test_a_stalled_worker_woken_after_recovery_leaves_the_newer_runs_row_alone(app, world, redis_url, redis_db):
    job_id = enqueue_as_admin(app, world, "selftest", count=3, delay=1.0)
    first_rq_id = row(app, world, job_id)["rq_id"]
    env = {**os.environ, "CRM_REDIS_URL": redis_url, "CRM_INSTANCE_PATH": app.instance_path,
           "CRM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "CRM_SECRET_KEY": "test-secret-key",
           # No beats: stopped between two steps, the worker holds no database lock.
           "CRM_JOB_HEARTBEAT_SECONDS": "600"}
    worker = subprocess.Popen([sys.executable, "-c", "from crm_platform.cli import main; main(['worker'])"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: row(app, world, job_id)["progress_done"] == 1)
        worker.send_signal(signal.SIGSTOP)  # in the self-test's second one-second step
        time.sleep(STALE)
        with app.app_context():
            assert recover_stale_jobs() == {"requeued": [job_id], "failed": []}
        run_worker(app, redis_db)  # the newer run, start to end
        newer = row(app, world, job_id)
        assert (newer["status"], newer["attempts"], newer["progress_done"], newer["error"]) == ("finished", 2, 3, None)
        assert newer["rq_id"] != first_rq_id

        worker.send_signal(signal.SIGCONT)  # the stalled run wakes up and carries on
        old = RQJob.fetch(first_rq_id, connection=redis_db)
        wait_for(lambda: old.get_status() in (JobStatus.FINISHED, JobStatus.FAILED))

        assert row(app, world, job_id) == newer
        assert old.get_status() == JobStatus.FINISHED  # stopped quietly: nothing for RQ's failed registry
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)


@pytest.fixture
def stalling_kind(monkeypatch):
    """A kind whose first run stalls after its first step until `release` is set; returns (started, release)."""
    started, release, runs = threading.Event(), threading.Event(), []

    def stalling(ctx):
        """Count to 3; the first run waits for `release` after step 1."""
        runs.append(ctx.job_id)
        run = len(runs)
        ctx.progress(1, 3)
        if run == 1:
            started.set()
            release.wait(30)
        ctx.progress(2, 3)
        ctx.progress(3, 3)
        return {"run": run}

    monkeypatch.setitem(kinds._KINDS, "stalling", kinds.JobKind("stalling", stalling, "Stalling", 60, True))
    return started, release


def test_a_run_outside_rq_is_fenced_by_its_claim_and_its_heartbeat_stops(app, world, redis_db, stalling_kind,
                                                                          monkeypatch):
    started, release = stalling_kind
    job_id = enqueue_as_admin(app, world, "stalling")
    monkeypatch.setattr(runner, "_worker_app", app)
    outcome = {}

    def stalled_run():
        """The first run, called directly (not by RQ), as `crm` or a test would."""
        try:
            outcome["returned"] = runner.run_job(job_id, world.acme.id)
        except Exception as exc:  # the test asserts there is none
            outcome["raised"] = exc

    thread = threading.Thread(target=stalled_run)
    thread.start()
    try:
        assert started.wait(30)
        with app.app_context():
            later = utcnow() + timedelta(seconds=STALE + 1)  # as if its heartbeat had stopped
            assert recover_stale_jobs(now=later) == {"requeued": [job_id], "failed": []}
        # A second worker claims the re-queued row and dies at once: its heartbeat is old.
        dead_beat = utcnow() - timedelta(hours=1)
        with app.app_context(), tenant_scope(world.acme.id):
            db.session.execute(update(Job).where(Job.id == job_id).values(
                status="running", attempts=Job.attempts + 1, started_at=dead_beat, heartbeat_at=dead_beat))
            db.session.commit()
        time.sleep(0.5)  # ten beats of the stalled run's heartbeat
        assert row(app, world, job_id)["heartbeat_at"] == dead_beat  # it does not keep that row alive

        with app.app_context():
            assert recover_stale_jobs() == {"requeued": [job_id], "failed": []}
        run_worker(app, redis_db)
        newest = row(app, world, job_id)
        assert (newest["status"], newest["attempts"], newest["result"]) == ("finished", 3, {"run": 2})
    finally:
        release.set()
        thread.join(30)

    assert outcome == {"returned": None}
    assert row(app, world, job_id) == newest


def test_a_handler_giving_way_to_another_run_ends_its_row_with_the_reason(app, world, redis_db, monkeypatch):
    def gives_way(ctx):
        """What an import does when another job moved its batch's checkpoint first."""
        ctx.progress(1, 2)
        raise kinds.JobSuperseded("Another run of this import got ahead of this one; this run stopped.")

    monkeypatch.setitem(kinds._KINDS, "gives_way", kinds.JobKind("gives_way", gives_way, "Gives way", 60, True))
    job_id = enqueue_as_admin(app, world, "gives_way")
    rq_id = row(app, world, job_id)["rq_id"]

    run_worker(app, redis_db)

    # The row is still this run's, so it is settled (not left running for recovery to retry)...
    ended = row(app, world, job_id)
    assert (ended["status"], ended["progress_done"]) == ("failed", 1) and ended["finished_at"]
    assert ended["error"] == "Another run of this import got ahead of this one; this run stopped."
    # ...without a traceback, and RQ records no failure.
    assert RQJob.fetch(rq_id, connection=redis_db).get_status() == JobStatus.FINISHED


def test_progress_never_goes_backwards(app, world, redis_db, monkeypatch):
    def restarts(ctx):
        """Report step 3, then step 1 (a run started again from scratch), then fail."""
        ctx.progress(3, 4)
        ctx.progress(1, 4)
        raise RuntimeError("stop here")

    monkeypatch.setitem(kinds._KINDS, "restarts", kinds.JobKind("restarts", restarts, "Restarts", 60, True))
    job_id = enqueue_as_admin(app, world, "restarts")

    run_worker(app, redis_db)

    ended = row(app, world, job_id)
    assert (ended["status"], ended["progress_done"], ended["progress_total"]) == ("failed", 3, 4)
