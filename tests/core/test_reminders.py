"""The daily care reminder job: which care dates fall in the window, for whom, once.

Most runs go through the real runner (`run_job`, what RQ calls) with a fixed
`today`; one goes through a real Redis and a burst worker. The date matching is
SQL, so this file is also run on PostgreSQL (CRM_TEST_DATABASE_URL).
"""
from datetime import date, datetime, time, timezone

import pytest
import time_machine
from sqlalchemy import select

from crm_platform.extensions import db
from crm_platform.jobs.kinds import get_kind
from crm_platform.jobs.queue import enqueue
from crm_platform.jobs.runner import run_job
from crm_platform.jobs.schedules import core_schedules
from crm_platform.jobs.worker import InProcessWorker
from crm_platform.models import Customer, Job, Reminder, Tenant, User
from crm_platform.reminders import care
from crm_platform.tenancy import tenant_scope
from crm_platform.workspace.settings import tenant_today


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Every app here uses the test Redis, so the daily job can also be queued for a real worker."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


# Saving a care date makes its reminder at once when it falls in the window of the real
# today (reminders/care_sync.py). The care dates here (Feb-Jun, Dec 27-Jan 5) would then
# be in that window on some days of the year, and the fixed-`today` runs below would find
# them made already. On Oct 15 none is within the week ahead (the widest window here).
QUIET_DAY = datetime(2026, 10, 15, 12, tzinfo=timezone.utc)


def set_care(tenant_session, tenant, care_dates, kind=None):
    """Give customers (by world key) care dates, saved on a day none is near; `kind` changes their kind too."""
    with time_machine.travel(QUIET_DAY, tick=True), tenant_session(tenant.slug) as session:
        for key, care_date in care_dates.items():
            customer = session.get(Customer, tenant.customers[key].id)
            customer.care_date = care_date
            if kind:
                customer.kind = kind
        session.commit()


def set_workspace(tenant_session, tenant, **settings):
    """Store workspace settings directly (the settings API has its own tests)."""
    with tenant_session(tenant.slug) as session:
        row = session.get(Tenant, tenant.id)
        row.settings = {**(row.settings or {}), **settings}
        session.commit()


def care_run(app, tenant, **params):
    """Run the job for `tenant` as the workspace (no user) through the real runner; returns its result."""
    job_id = add_job(app, tenant, params)
    with app.app_context():
        run_job(job_id, tenant.id)
    with app.app_context(), tenant_scope(tenant.id):
        job = db.session.get(Job, job_id)
        assert job.status == "finished", job.error
        return job.result


def add_job(app, tenant, params):
    """A queued care_reminders job row of the workspace; its id."""
    with app.app_context(), tenant_scope(tenant.id):
        job = Job(user_id=None, kind=care.KIND, params=params)
        db.session.add(job)
        db.session.commit()
        return job.id


def reminders(app, tenant):
    """The tenant's job-made reminders as {(customer key, user key, kind, due date)} (the world's own left out)."""
    customers = {c.id: key for key, c in tenant.customers.items()}
    users = {u.id: key for key, u in tenant.users.items()}
    with app.app_context(), tenant_scope(tenant.id):
        rows = db.session.scalars(select(Reminder).where(Reminder.id != tenant.reminder_id)).all()
        return {(customers[r.customer_id], users[r.user_id], r.kind, r.due_date) for r in rows}


def test_the_kind_is_idempotent_and_scheduled_daily(app):
    kind = get_kind(care.KIND)
    assert kind is not None and kind.idempotent
    schedule = core_schedules()["care_reminders"]
    assert schedule.kind == care.KIND and schedule.every == "daily"


def test_the_window_holds_today_to_day_n_and_not_day_n_plus_1(app, world, tenant_session):
    acme = world.acme
    set_care(tenant_session, acme, {"n1_alpha": date(1990, 3, 10)}, kind="person")  # today
    set_care(tenant_session, acme, {"n1_beta": date(2001, 3, 17),  # day 7 (N = 7, the default)
                                    "n2": date(1985, 3, 18),  # day 8
                                    "s1": date(1980, 3, 9)})  # yesterday

    result = care_run(app, acme, today="2026-03-10")

    assert result == {"today": "2026-03-10", "days": 7, "matched": 2, "created": 2, "skipped": 0}
    assert reminders(app, acme) == {("n1_alpha", "rep_n1", "birthday", date(2026, 3, 10)),
                                    ("n1_beta", "rep_n1", "founding", date(2026, 3, 17))}


def test_the_window_crosses_the_year_end(app, world, tenant_session):
    acme = world.acme
    set_care(tenant_session, acme, {"n1_alpha": date(1999, 12, 31), "n1_beta": date(2010, 1, 4),
                                    "n2": date(2010, 1, 5), "s1": date(2010, 12, 27)})

    result = care_run(app, acme, today="2026-12-28")

    assert result["created"] == 2
    assert reminders(app, acme) == {("n1_alpha", "rep_n1", "founding", date(2026, 12, 31)),
                                    ("n1_beta", "rep_n1", "founding", date(2027, 1, 4))}


def test_feb_29_falls_on_feb_28_in_other_years(app, world, tenant_session):
    acme = world.acme
    set_care(tenant_session, acme, {"n1_alpha": date(2000, 2, 29), "n1_beta": date(1999, 2, 28)}, kind="person")
    set_workspace(tenant_session, acme, care_reminder_days=3)

    assert care_run(app, acme, today="2027-02-25")["created"] == 2  # window Feb 25-28, 2027 has no Feb 29
    assert reminders(app, acme) == {("n1_alpha", "rep_n1", "birthday", date(2027, 2, 28)),
                                    ("n1_beta", "rep_n1", "birthday", date(2027, 2, 28))}

    # In a leap year Feb 29 is its own day: not in Feb 25-28, then in Feb 26-29.
    assert care_run(app, acme, today="2028-02-25")["created"] == 1  # only Feb 28
    assert care_run(app, acme, today="2028-02-26")["created"] == 1
    assert ("n1_alpha", "rep_n1", "birthday", date(2028, 2, 29)) in reminders(app, acme)
    assert ("n1_alpha", "rep_n1", "birthday", date(2028, 2, 28)) not in reminders(app, acme)


def test_customers_without_an_active_owner_are_skipped_and_counted(app, world, tenant_session):
    acme = world.acme
    set_care(tenant_session, acme, {"n1_alpha": date(1990, 5, 2), "n2": date(1990, 5, 3), "s1": date(1990, 5, 4)})
    with tenant_session("acme") as session:
        session.get(Customer, acme.customers["s1"].id).owner_id = None
        session.get(User, acme.users["rep_n2"].id).active = False  # n2's owner left
        session.commit()

    result = care_run(app, acme, today="2026-05-01")

    assert result == {"today": "2026-05-01", "days": 7, "matched": 3, "created": 1, "skipped": 2}
    assert reminders(app, acme) == {("n1_alpha", "rep_n1", "founding", date(2026, 5, 2))}


def test_runs_on_the_same_or_the_next_day_create_nothing_twice(app, world, tenant_session, monkeypatch):
    monkeypatch.setattr(care, "CHUNK", 2)  # several keyset chunks
    acme = world.acme
    set_care(tenant_session, acme, {"n1_alpha": date(1990, 6, 1), "n1_beta": date(1990, 6, 3),
                                    "n2": date(1990, 6, 5), "s1": date(1990, 6, 8), "house": date(1990, 6, 9)})

    first = care_run(app, acme, today="2026-06-01")
    again = care_run(app, acme, today="2026-06-01")
    next_day = care_run(app, acme, today="2026-06-02")

    assert (first["matched"], first["created"]) == (4, 4)
    assert (again["matched"], again["created"]) == (4, 0)
    assert (next_day["matched"], next_day["created"]) == (4, 1)  # Jun 9 entered the window; Jun 1 left it
    assert len(reminders(app, acme)) == 5
    with app.app_context(), tenant_scope(acme.id):
        job = db.session.scalars(select(Job).where(Job.kind == care.KIND)
                                 .order_by(Job.created_at.desc(), Job.id.desc())).first()
        assert (job.progress_done, job.progress_total) == (4, 4)


def test_today_is_the_workspaces_local_date(app, world, tenant_session):
    acme = world.acme
    set_workspace(tenant_session, acme, timezone="Asia/Shanghai")  # UTC+8
    set_care(tenant_session, acme, {"n1_alpha": date(1990, 3, 9), "n1_beta": date(1990, 3, 17)})
    late_evening_utc = "2026-03-09T17:30:00+00:00"  # already 01:30 on Mar 10 in Shanghai
    with tenant_session("acme") as session:
        tenant = session.get(Tenant, acme.id)
        assert tenant_today(tenant, datetime.fromisoformat(late_evening_utc)) == date(2026, 3, 10)

    result = care_run(app, acme, now=late_evening_utc)

    # Mar 9 is yesterday there; Mar 17 is day 7 of the local window (in UTC it would be day 8).
    assert result["today"] == "2026-03-10"
    assert reminders(app, acme) == {("n1_beta", "rep_n1", "founding", date(2026, 3, 17))}


def test_zero_days_turns_reminders_off(app, world, tenant_session):
    acme = world.acme
    set_care(tenant_session, acme, {"n1_alpha": date(1990, 3, 10)})
    set_workspace(tenant_session, acme, care_reminder_days=0)

    assert care_run(app, acme, today="2026-03-10") == {"today": "2026-03-10", "days": 0, "matched": 0,
                                                       "created": 0, "skipped": 0}
    assert reminders(app, acme) == set()


@pytest.mark.parametrize("params", [{"today": "2026-13-01"}, {"now": "yesterday"}])
def test_a_bad_date_param_fails_the_job_with_its_reason(app, world, params):
    acme = world.acme
    job_id = add_job(app, acme, params)
    with app.app_context(), pytest.raises(ValueError):
        run_job(job_id, acme.id)
    with app.app_context(), tenant_scope(acme.id):
        job = db.session.get(Job, job_id)
        assert job.status == "failed" and "ValueError" in job.error


def test_each_workspace_gets_reminders_only_from_its_own_customers(app, world, tenant_session, redis_db):
    acme, globex = world.acme, world.globex
    for tenant, day in ((acme, 12), (globex, 13)):
        set_care(tenant_session, tenant, {"n1_alpha": date(1990, 4, day), "n2": date(1990, 4, day)})
    with app.app_context(), tenant_scope(acme.id):
        job_id = enqueue(care.KIND, None, {"today": "2026-04-12"}).id  # what the daily schedule does

    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)

    with app.app_context(), tenant_scope(acme.id):
        job = db.session.get(Job, job_id)
        assert job.status == "finished" and job.user_id is None, job.error
        assert job.result["created"] == 2
    # Globex's dates fall in acme's window too (Apr 13), yet only acme's customers count.
    assert reminders(app, acme) == {("n1_alpha", "rep_n1", "founding", date(2026, 4, 12)),
                                    ("n2", "rep_n2", "founding", date(2026, 4, 12))}
    assert reminders(app, globex) == set()
    assert care_run(app, globex, today="2026-04-12")["created"] == 2
    assert {row[3] for row in reminders(app, globex)} == {date(2026, 4, 13)}
    assert len(reminders(app, acme)) == 2


def test_a_tick_after_six_starts_the_daily_job_in_every_workspace(app, world, tenant_session, redis_db):
    from crm_platform.jobs.tick import run_tick

    today = datetime.now(timezone.utc).date()
    set_care(tenant_session, world.acme, {"n1_alpha": today.replace(year=2000)})  # a leap year: Feb 29 too
    with app.app_context():
        started = run_tick(datetime.combine(today, time(6, 30), timezone.utc))["started"]
    assert {(tenant, name) for tenant, name, _ in started if name == care.KIND} == {
        (world.acme.id, care.KIND), (world.globex.id, care.KIND)}

    with app.app_context():
        InProcessWorker(["crm-tick", "crm"], connection=redis_db).work(burst=True)

    for tenant in (world.acme, world.globex):
        with app.app_context(), tenant_scope(tenant.id):
            jobs = db.session.scalars(select(Job).where(Job.kind == care.KIND)).all()
            assert [(job.status, job.user_id) for job in jobs] == [("finished", None)], [j.error for j in jobs]
    assert ("n1_alpha", "rep_n1", "founding", today) in reminders(app, world.acme)
