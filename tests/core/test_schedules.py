"""Schedules: the tick starts each due schedule once per workspace and period, on a real Redis and worker.

A test plugin, `digest`, brings a job kind and a daily schedule at 07:00; it is
enabled for acme only, so its schedule must run in acme and never in globex,
while the core's schedules (the hourly export sweep) run in both.
"""
import os
import subprocess
import sys
import threading
import time as clock
from datetime import datetime, time, timedelta, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from crm_platform import sdk
from crm_platform.customers import export
from crm_platform.extensions import db
from crm_platform.jobs import schedules, tick
from crm_platform.jobs.cron import TickCron
from crm_platform.jobs.queue import JobKindDisabled, JobsUnavailable, enqueue
from crm_platform.jobs.schedules import Schedule
from crm_platform.jobs.tick import run_tick
from crm_platform.jobs.worker import InProcessWorker
from crm_platform.models import Customer, Job, ScheduleRun, Tenant
from crm_platform.models.base import utcnow
from crm_platform.tenancy import tenant_scope

SWEEP = export.SWEEP_KIND


@pytest.fixture(autouse=True)
def sweep_is_the_only_core_schedule(monkeypatch):
    """Keep the core's daily care reminders out of these counts (test_reminders covers them),
    so each test names exactly what a tick starts; test_reminders checks the tick starts those."""
    monkeypatch.setattr(schedules, "_SCHEDULES", {SWEEP: schedules.core_schedules()[SWEEP]})


def count_customers(ctx):
    """The digest plugin's job: how many customers the workspace has."""
    return {"customers": sdk.db.session.scalar(select(func.count(Customer.id))), "user": ctx.user}


class Digest:
    """A plugin with a job kind and a daily schedule at 07:00 local time."""

    @sdk.hookimpl
    def crm_job_kinds(self):
        return [sdk.JobKind("digest_count", count_customers, "Customer count", timeout=60, idempotent=True)]

    @sdk.hookimpl
    def crm_schedules(self):
        return [sdk.Schedule("digest_daily", "digest_count", at=time(7, 0), params=(("source", "schedule"),))]


pytestmark = pytest.mark.app_config(CRM_PLUGINS={"digest": Digest()})


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Every app here uses the test Redis."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


@pytest.fixture
def digest_in_acme(world, enable_plugin):
    """The digest plugin enabled for acme only."""
    enable_plugin("acme", "digest")


def at(text):
    """An aware UTC datetime from ISO text."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def tick_at(app, text):
    """Run one tick at the given UTC time; returns {(tenant_id, schedule name)}."""
    with app.app_context():
        return {(tenant_id, name) for tenant_id, name, _ in run_tick(at(text))["started"]}


def set_timezone(app, world, tenant, zone):
    """Give a workspace its time zone setting."""
    with app.app_context():
        row = db.session.get(Tenant, world[tenant].id)
        row.settings = {**(row.settings or {}), "timezone": zone}
        db.session.commit()


def workspace_jobs(app, world, tenant):
    """The workspace's own jobs (no user) of the kinds under test: [(kind, status, params)], oldest first."""
    # A `crm` subprocess runs every core schedule (the fixture above does not reach
    # it): the other sweeps, and the care reminders once its clock is past 06:00 UTC.
    with app.app_context(), tenant_scope(world[tenant].id):
        jobs = db.session.scalars(select(Job).where(Job.user_id.is_(None), Job.kind.in_((SWEEP, "digest_count")))
                                  .order_by(Job.created_at, Job.id)).all()
        return [(job.kind, job.status, job.params) for job in jobs]


def run_worker(app, redis_db):
    """Drain both queues with a real RQ worker in this process."""
    with app.app_context():
        InProcessWorker(["crm-tick", "crm"], connection=redis_db).work(burst=True)


def test_a_tick_runs_core_schedules_everywhere_and_a_plugins_only_where_enabled(app, world, digest_in_acme,
                                                                                 redis_db):
    acme, globex = world.acme.id, world.globex.id

    assert tick_at(app, "2030-01-07T07:30") == {(acme, SWEEP), (acme, "digest_daily"), (globex, SWEEP)}

    assert workspace_jobs(app, world, "acme") == [(SWEEP, "queued", {}),
                                                  ("digest_count", "queued", {"source": "schedule"})]
    assert workspace_jobs(app, world, "globex") == [(SWEEP, "queued", {})]
    assert redis_db.llen("rq:queue:crm") == 3
    assert tick_at(app, "2030-01-07T07:30") == set()  # the same tick again
    assert tick_at(app, "2030-01-07T07:59") == set()  # later in the same hour and day
    assert tick_at(app, "2030-01-07T08:00") == {(acme, SWEEP), (globex, SWEEP)}  # the next hour
    # acme's third job waits for one of its two places on the queue (docs/jobs.md, "Fair jobs").
    assert redis_db.llen("rq:queue:crm") == 4
    assert redis_db.zcard(f"rq:rl:crm:workspace:{acme}:rate_limited") == 1

    run_worker(app, redis_db)

    with app.app_context(), tenant_scope(acme):
        digest = db.session.scalar(select(Job).where(Job.kind == "digest_count"))
        assert (digest.status, digest.user_id) == ("finished", None), digest.error
        assert digest.result == {"customers": len(world.acme.customers), "user": None}


def test_a_daily_schedule_waits_for_its_hour_in_each_workspaces_time_zone(app, world, enable_plugin, redis_db):
    enable_plugin("acme", "digest")
    enable_plugin("globex", "digest")
    set_timezone(app, world, "acme", "Asia/Shanghai")  # UTC+8
    set_timezone(app, world, "globex", "America/New_York")  # UTC-5 in January
    digest = {"acme": (world.acme.id, "digest_daily"), "globex": (world.globex.id, "digest_daily")}

    def digests(text):
        started = tick_at(app, text)
        return {key for key, schedule in digest.items() if schedule in started}

    assert digests("2030-01-06T11:59") == {"acme"}  # 19:59 on the 6th in Shanghai, 06:59 in New York
    assert digests("2030-01-06T12:00") == {"globex"}  # 07:00 on the 6th in New York
    assert digests("2030-01-06T22:59") == set()  # 06:59 on the 7th in Shanghai
    assert digests("2030-01-06T23:00") == {"acme"}  # 07:00 on the 7th in Shanghai
    assert digests("2030-01-07T11:59") == set()
    assert digests("2030-01-07T12:00") == {"globex"}  # 07:00 on the 7th in New York

    with app.app_context(), tenant_scope(world.acme.id):
        periods = select(ScheduleRun.period).where(ScheduleRun.name == "digest_daily").order_by(ScheduleRun.period)
        assert db.session.scalars(periods).all() == ["2030-01-06", "2030-01-07"]


def test_a_plugins_job_kind_is_refused_where_the_plugin_is_off(app, world, enable_plugin, redis_db):
    enable_plugin("acme", "digest")
    with app.test_request_context(), tenant_scope(world.globex.id):
        with pytest.raises(JobKindDisabled) as refused:
            enqueue("digest_count", None)
    assert refused.value.code == 409
    assert refused.value.description == "The module digest is disabled for this workspace, so its jobs cannot run."
    with app.test_request_context(), tenant_scope(world.acme.id):
        queued = enqueue("digest_count", None).id
    enable_plugin("acme", "digest", enabled=False)  # switched off after the job was queued

    run_worker(app, redis_db)

    with app.app_context(), tenant_scope(world.acme.id):
        job = db.session.get(Job, queued)
        assert job.status == "failed" and job.attempts == 0
        assert job.error == "The module digest is disabled for this workspace, so this job did not run."
    with app.app_context(), tenant_scope(world.globex.id):
        assert db.session.scalar(select(func.count(Job.id)).where(Job.kind == "digest_count")) == 0


def test_two_ticks_at_once_start_each_schedule_once(app, world, digest_in_acme, redis_db, monkeypatch):
    barrier, claims = threading.Barrier(2, timeout=30), []
    start = tick._start

    def start_together(schedule, period):
        """Claim only once both ticks got here: both read schedule_runs before either claimed."""
        barrier.wait()
        claims.append(start(schedule, period))
        return claims[-1]

    monkeypatch.setattr(tick, "_start", start_together)
    # Both ticks take the workspaces in the same order (each tick shuffles them), so
    # that the barrier pairs their claims of the same schedule and period.
    monkeypatch.setattr(tick, "random", SimpleNamespace(shuffle=lambda rows: rows.sort(key=lambda row: row.id)))
    started = []

    def ticker():
        with app.app_context():
            started.extend(run_tick(at("2030-01-07T07:30"))["started"])

    threads = [threading.Thread(target=ticker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert claims.count(None) == 3  # each period's second claim was refused by the unique key
    assert sorted((t, name) for t, name, _ in started) == sorted(
        [(world.acme.id, SWEEP), (world.acme.id, "digest_daily"), (world.globex.id, SWEEP)])
    assert len(workspace_jobs(app, world, "acme")) == 2 and len(workspace_jobs(app, world, "globex")) == 1
    assert redis_db.llen("rq:queue:crm") == 3


def test_a_claimed_period_is_not_started_again(app, world, redis_db):
    schedule = Schedule("hourly_check", "selftest", every=3600)
    with app.app_context(), tenant_scope(world.acme.id):
        first = tick._start(schedule, "42")
        assert first is not None
        assert tick._start(schedule, "42") is None  # the unique key refuses the second claim
        assert db.session.scalar(select(func.count(Job.id)).where(Job.kind == "selftest", Job.user_id.is_(None))) == 1


def test_when_the_push_fails_the_claim_is_released_and_the_next_tick_starts_it(app, world, redis_db, monkeypatch):
    def redis_gone(job):
        raise JobsUnavailable()

    push = tick.push
    monkeypatch.setattr(tick, "push", redis_gone)  # Redis dies between the tick's PING and its first push
    assert tick_at(app, "2030-01-07T07:30") == set()
    with app.app_context(), tenant_scope(world.acme.id):
        assert db.session.scalar(select(func.count(ScheduleRun.id))) == 0
    assert workspace_jobs(app, world, "acme") == []  # no failed row for a run that will happen anyway
    monkeypatch.setattr(tick, "push", push)  # Redis is back

    assert tick_at(app, "2030-01-07T07:31") == {(world.acme.id, SWEEP), (world.globex.id, SWEEP)}


def test_the_export_sweep_deletes_only_expired_files(app, world, redis_db, tenant_session):
    ttl = app.config["CRM_EXPORT_TTL_HOURS"]
    now = utcnow()

    def export_job(tenant, key, finished_hours_ago=None, status="finished", suffix=""):
        """An export job row of the tenant's admin, and its file; returns the file's path."""
        with tenant_session(tenant) as session:
            job = Job(user_id=world[tenant].users["admin"].id, kind=export.KIND, status=status, progress_done=1)
            session.add(job)
            session.flush()
            name = f"{job.id}-{key * 32}.csv"
            if finished_hours_ago is not None:
                job.finished_at = now - timedelta(hours=finished_hours_ago)
                job.result = {"rows": 1, "file": name}
            session.commit()
            path = export.export_folder(world[tenant].id) / (name + suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("id\n")
        return path

    expired = export_job("acme", "a", ttl + 1)
    current = export_job("acme", "b", ttl - 1)
    other_tenants = export_job("globex", "c", ttl + 1)  # not acme's sweep's business
    being_written = export_job("acme", "d", status="running", suffix=".part")
    left_by_a_killed_worker = export_job("acme", "e", status="running", suffix=".part")
    old = clock.time() - 3600 * (ttl + 2)
    os.utime(left_by_a_killed_worker, (old, old))
    orphan = expired.with_name(f"999999-{'f' * 32}.csv")  # its job is gone
    orphan.write_text("id\n")

    with app.test_request_context(), tenant_scope(world.acme.id):
        job_id = enqueue(SWEEP, None).id
    run_worker(app, redis_db)

    with tenant_session("acme") as session:
        job = session.get(Job, job_id)
        assert job.status == "finished", job.error
        assert job.result == {"deleted": 3, "kept": 2}
    assert [path.exists() for path in (expired, orphan, left_by_a_killed_worker)] == [False, False, False]
    assert [path.exists() for path in (current, being_written, other_tenants)] == [True, True, True]


def test_crm_jobs_tick_runs_one_tick_by_hand(app, world, redis_db):
    runner = app.test_cli_runner()

    first = runner.invoke(args=["jobs", "tick", "--now", "2030-01-07T15:30:00+08:00"])
    again = runner.invoke(args=["jobs", "tick", "--now", "2030-01-07T07:45"])

    assert first.exit_code == 0, first.output
    assert f"started {SWEEP} in tenant {world.acme.id}: job" in first.output
    assert f"started {SWEEP} in tenant {world.globex.id}: job" in first.output
    assert again.output == "No schedule was due.\n"
    refused = runner.invoke(args=["jobs", "tick", "--now", "tomorrow"])
    assert refused.exit_code == 2 and "use ISO 8601" in refused.output


def test_the_workers_cron_enqueues_the_tick_which_starts_the_schedules(app, world, redis_db):
    cron = TickCron(redis_db).start()
    try:
        deadline = clock.monotonic() + 10
        while redis_db.llen("rq:queue:crm-tick") == 0:
            assert clock.monotonic() < deadline, "the cron enqueued no tick"
            clock.sleep(0.05)
    finally:
        cron.stop()
    assert redis_db.zcard("rq:cron_job:crm-tick:jobs") == 1  # RQ's own record of the cron's enqueues

    run_worker(app, redis_db)  # the tick, then the sweeps it started

    assert workspace_jobs(app, world, "acme") == [(SWEEP, "finished", {})]
    assert workspace_jobs(app, world, "globex") == [(SWEEP, "finished", {})]


def test_crm_worker_burst_ticks_before_draining(app, world, redis_url, redis_db):
    env = {**os.environ, "CRM_REDIS_URL": redis_url, "CRM_INSTANCE_PATH": app.instance_path,
           "CRM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "CRM_SECRET_KEY": "test-secret-key"}
    crm = os.path.join(os.path.dirname(sys.executable), "crm")

    subprocess.run([crm, "worker", "--burst"], env=env, check=True, timeout=120, capture_output=True)

    assert workspace_jobs(app, world, "acme") == [(SWEEP, "finished", {})]
    assert workspace_jobs(app, world, "globex") == [(SWEEP, "finished", {})]

