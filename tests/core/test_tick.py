"""The tick's resilience and housekeeping: a broken schedule blocks no other, old workspace rows are pruned."""
import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from crm_platform.customers import export
from crm_platform.extensions import db
from crm_platform.jobs import housekeeping, schedules
from crm_platform.jobs.schedules import Schedule
from crm_platform.jobs.tick import run_tick
from crm_platform.models import Job, ScheduleRun
from crm_platform.models.base import utcnow
from crm_platform.tenancy import tenant_scope

SWEEP = export.SWEEP_KIND
KEEP_DAYS = 7


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """The test Redis, and a week's keeping of old rows."""
    return {"CRM_REDIS_URL": redis_url, "CRM_JOB_KEEP_DAYS": KEEP_DAYS, **app_config}


def test_a_schedule_that_cannot_start_does_not_keep_the_others_from_starting(app, world, redis_db, monkeypatch,
                                                                              caplog):
    # Registered before the sweep, and its kind is not: its start raises in every workspace.
    broken = Schedule("a_broken_schedule", "no_such_kind", every=3600)
    monkeypatch.setattr(schedules, "_SCHEDULES", {broken.name: broken, SWEEP: schedules.core_schedules()[SWEEP]})

    with app.app_context():
        started = run_tick()["started"]

    assert {(tenant, name) for tenant, name, _ in started} == {(world.acme.id, SWEEP), (world.globex.id, SWEEP)}
    failures = [record for record in caplog.records if record.levelno == logging.ERROR]
    # One failure per workspace (the tick takes the workspaces in a random order).
    # Both sides sorted as text: random ids of 15 and 16 digits sort differently as numbers.
    assert sorted(record.getMessage() for record in failures) == sorted(
        f"schedule tick: schedule a_broken_schedule could not start in tenant {tenant}"
        for tenant in (world.acme.id, world.globex.id))
    with app.app_context(), tenant_scope(world.acme.id):
        assert db.session.scalars(select(ScheduleRun.name)).all() == [SWEEP]  # no claim left behind


def test_the_tick_prunes_old_workspace_jobs_and_schedule_runs_in_batches(app, world, redis_db, tenant_session,
                                                                         monkeypatch):
    monkeypatch.setattr(housekeeping, "PRUNE_BATCH", 2)  # five old rows: three batches
    now = utcnow()
    old, recent = now - timedelta(days=KEEP_DAYS + 1), now - timedelta(days=KEEP_DAYS - 1)
    admin = world.acme.users["admin"].id
    rows = {  # name: (user_id, status, ended)
        "old_finished": (None, "finished", old), "old_failed": (None, "failed", old),
        "recent_finished": (None, "finished", recent), "old_running": (None, "running", None),
        "old_queued": (None, "queued", None), "users_old_export": (admin, "finished", old),
    }
    ids = {}
    with tenant_session("acme") as session:
        for name, (user_id, status, ended) in rows.items():
            job = Job(user_id=user_id, kind=SWEEP, status=status, progress_done=0, finished_at=ended, created_at=old)
            session.add(job)
            session.flush()
            ids[name] = job.id
        for _ in range(3):  # more old finished ones, so that it takes several batches
            session.add(Job(user_id=None, kind=SWEEP, status="finished", progress_done=0, finished_at=old,
                            created_at=old))
        session.add_all([ScheduleRun(name=SWEEP, period="old", job_id=ids["old_finished"], created_at=old),
                         ScheduleRun(name=SWEEP, period="recent", job_id=ids["recent_finished"], created_at=recent)])
        session.commit()

    with app.app_context():
        pruned = run_tick()["pruned"]

    assert pruned == {"jobs": 5, "schedule_runs": 1}
    with tenant_session("acme") as session:
        left = set(session.scalars(select(Job.id).where(Job.id.in_(list(ids.values())))))
        periods = set(session.scalars(select(ScheduleRun.period).where(ScheduleRun.name == SWEEP)))
    assert left == {ids[name] for name in ("recent_finished", "old_running", "old_queued", "users_old_export")}
    assert "old" not in periods and "recent" in periods
