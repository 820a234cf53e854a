"""Overlapping runs of one import: a stalled run that another run replaced, and two "Run again" clicks at once.

Whatever the interleaving, each row lands exactly once, the batch names the run
that does the work, and a run that lost stops with JobSuperseded (which the
runner treats as "stop quietly", not as a failure) without writing anything.
The runs are real `run_job` calls on the test database; a stall is a paused
thread, released by the test.
"""
import io
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from werkzeug.exceptions import Conflict

from crm_platform.extensions import db
from crm_platform.imports import job as import_job
from crm_platform.imports.service import requeue_import
from crm_platform.jobs.kinds import JobSuperseded
from crm_platform.jobs.recovery import recover_stale_jobs
from crm_platform.jobs.runner import run_job
from crm_platform.jobs.worker import InProcessWorker
from crm_platform.models import Customer, ImportBatch, ImportRowError, Job
from crm_platform.models.base import utcnow
from crm_platform.tenancy import tenant_scope

ROWS = 20


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Every app here uses the test Redis, and chunks of 5 rows."""
    return {"CRM_REDIS_URL": redis_url, "CRM_IMPORT_CHUNK_SIZE": 5, **app_config}


def upload(api_client):
    """Import ROWS new customers as rep_n1 through the API; (job id, batch id). The job is queued, not run."""
    lines = ["Name,Email"] + [f"Race {n:02d},r{n}@race.test" for n in range(ROWS)]
    response = api_client("acme", "rep_n1").post(
        "/api/v1/imports", data={"file": (io.BytesIO("\n".join(lines).encode()), "race.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 202, response.get_json()
    return response.get_json()["id"], response.get_json()["params"]["batch_id"]


class Stall:
    """Pauses the run in thread `thread` just before it commits the chunk starting at row `at`; records refusals."""

    def __init__(self, monkeypatch, at):
        self.at, self.thread = at, None
        self.paused, self.release = threading.Event(), threading.Event()
        self.refused = []
        real = import_job._checkpoint

        def checkpoint(batch_id, job_id, before, after, counts):
            if threading.current_thread() is self.thread and before == self.at:
                self.paused.set()
                self.release.wait(60)  # a GC pause, SIGSTOP, a slow disk: longer than the stale limit
            try:
                return real(batch_id, job_id, before, after, counts)
            except Exception as exc:
                self.refused.append(exc)
                raise

        monkeypatch.setattr(import_job, "_checkpoint", checkpoint)

    def start(self, app, job_id, tenant_id):
        """Run job `job_id` in a thread of its own until it stalls."""
        def run():
            with app.app_context():
                try:
                    run_job(job_id, tenant_id)
                except Exception:  # until the runner stops quietly on JobSuperseded it re-raises it
                    pass

        self.thread = threading.Thread(target=run)
        self.thread.start()
        assert self.paused.wait(30)

    def finish(self):
        """Let the stalled run go on, and wait for it to end."""
        self.release.set()
        self.thread.join(30)
        assert not self.thread.is_alive()


def imported(app, world, batch_id):
    """(batch's job id, finished?, checkpoint, counts, customers imported, distinct names, report lines)."""
    with app.app_context(), tenant_scope(world.acme.id):
        batch = db.session.get(ImportBatch, batch_id)
        names = select(Customer.name).where(Customer.name.like("Race %"))
        return (batch.job_id, batch.finished_at is not None, batch.rows_done, batch.counts,
                db.session.scalar(select(func.count()).select_from(names.subquery())),
                db.session.scalar(select(func.count(func.distinct(Customer.name))).where(Customer.name.like("Race %"))),
                db.session.scalar(select(func.count(ImportRowError.id))))


DONE = {"created": ROWS, "updated": 0, "skipped": 0, "failed": 0}


def test_a_stalled_run_that_recovery_replaced_stops_without_writing(app, world, api_client, monkeypatch):
    job_id, batch_id = upload(api_client)
    stall = Stall(monkeypatch, at=5)
    stall.start(app, job_id, world.acme.id)  # the first chunk is committed, the second is waiting

    with app.app_context():
        stale = utcnow() + timedelta(seconds=app.config["CRM_JOB_STALE_SECONDS"] + 1)
        assert recover_stale_jobs(now=stale) == {"requeued": [job_id], "failed": []}
        run_job(job_id, world.acme.id)  # the re-queued row runs to the end while the first run is stalled
    assert imported(app, world, batch_id) == (job_id, True, ROWS, DONE, ROWS, ROWS, 0)

    stall.finish()

    assert len(stall.refused) == 1 and isinstance(stall.refused[0], JobSuperseded)
    assert imported(app, world, batch_id) == (job_id, True, ROWS, DONE, ROWS, ROWS, 0)  # nothing more written


def fail_job(app, world, job_id):
    """Mark job `job_id` failed, as a run that raised would have."""
    with app.app_context(), tenant_scope(world.acme.id):
        db.session.execute(update(Job).where(Job.id == job_id).values(status="failed", finished_at=utcnow()))
        db.session.commit()


def test_a_run_of_an_older_job_never_writes_once_run_again_queued_a_new_one(app, world, api_client, redis_db,
                                                                          monkeypatch):
    old_job_id, batch_id = upload(api_client)
    stall = Stall(monkeypatch, at=5)
    stall.start(app, old_job_id, world.acme.id)
    fail_job(app, world, old_job_id)  # e.g. recovery gave up on it after too many starts
    with app.test_request_context(), tenant_scope(world.acme.id, world.acme.users["rep_n1"].id):
        new_job_id = requeue_import(db.session.get(ImportBatch, batch_id)).id

    # The old run wakes before the new one started: the checkpoint still matches, the batch's job does not.
    stall.finish()
    assert len(stall.refused) == 1 and isinstance(stall.refused[0], JobSuperseded)
    assert imported(app, world, batch_id) == (new_job_id, False, 5, {**DONE, "created": 5}, 5, 5, 0)

    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)
    assert imported(app, world, batch_id) == (new_job_id, True, ROWS, DONE, ROWS, ROWS, 0)
    with app.app_context(), tenant_scope(world.acme.id):
        assert db.session.get(Job, new_job_id).status == "finished"


def test_two_run_again_clicks_at_once_queue_one_run(app, world, api_client, redis_db):
    job_id, batch_id = upload(api_client)
    fail_job(app, world, job_id)
    both_loaded = threading.Barrier(2)
    outcomes = []

    def click():
        with app.test_request_context(), tenant_scope(world.acme.id, world.acme.users["rep_n1"].id):
            batch = db.session.get(ImportBatch, batch_id)
            assert batch.job_id == job_id  # both saw the failed run: Run again was offered to both
            both_loaded.wait(10)
            try:
                outcomes.append(requeue_import(batch).id)
            except Conflict as exc:
                outcomes.append(exc.description)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    new_job_ids = [outcome for outcome in outcomes if isinstance(outcome, int)]
    assert len(new_job_ids) == 1 and "This import is already running again." in outcomes
    with app.app_context(), tenant_scope(world.acme.id):
        assert db.session.scalar(select(func.count(Job.id)).where(Job.kind == "customer_import")) == 2
    assert imported(app, world, batch_id)[0] == new_job_ids[0]
    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)
    assert imported(app, world, batch_id) == (new_job_ids[0], True, ROWS, DONE, ROWS, ROWS, 0)
