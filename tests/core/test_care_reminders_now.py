"""Bug 1: a care date inside the window gets its reminder at once, and the daily job catches up missed days.

Due dates here are relative to the workspace's real local today (the at-once
sync uses the real clock); the catch-up runs use fixed `today` params like
test_reminders.py.
"""
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crm_platform.extensions import db
from crm_platform.jobs.runner import run_job
from crm_platform.models import Customer, Job, Reminder, Tenant
from crm_platform.reminders import care
from crm_platform.tenancy import tenant_scope
from crm_platform.workspace.settings import tenant_today


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """The test Redis, so an import can be queued (and then run here by the real runner)."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


def acme_today(tenant_session, world):
    """Acme's local today."""
    with tenant_session("acme") as session:
        return tenant_today(session.get(Tenant, world.acme.id))


def reminders_of(tenant_session, world, customer_id):
    """[(kind, due date, user id, open)] of a customer's reminders, by due date."""
    with tenant_session("acme") as session:
        rows = session.scalars(select(Reminder).where(Reminder.customer_id == customer_id)
                               .order_by(Reminder.due_date)).all()
        return [(r.kind, r.due_date, r.user_id, r.done_at is None) for r in rows]


def years_ago(day, years=30):
    """`day` in an earlier year (Feb 29 safe: the earlier year is a leap year when `years` is a multiple of 4)."""
    return day.replace(year=day.year - years)


def test_a_customer_created_with_todays_birthday_has_its_reminder_at_once(world, api_client, tenant_session):
    today = acme_today(tenant_session, world)
    response = api_client("acme", "rep_n1").post("/api/v1/customers", json={
        "name": "Wang Fang", "kind": "person", "care_date": years_ago(today, 32).isoformat()})
    assert response.status_code == 201, response.json

    rep_n1 = world.acme.users["rep_n1"].id
    assert reminders_of(tenant_session, world, response.json["id"]) == [("birthday", today, rep_n1, True)]
    listed = api_client("acme", "rep_n1").get("/api/v1/reminders?limit=200").json["items"]
    assert response.json["id"] in {item["customer_id"] for item in listed}


def test_a_care_date_outside_the_window_waits(world, api_client, tenant_session):
    far = acme_today(tenant_session, world) + timedelta(days=30)
    response = api_client("acme", "rep_n1").post("/api/v1/customers", json={
        "name": "Later Ltd", "care_date": years_ago(far, 12).isoformat()})
    assert response.status_code == 201
    assert reminders_of(tenant_session, world, response.json["id"]) == []


def test_the_customer_form_creates_the_reminder_at_once(world, page_client, tenant_session):
    today = acme_today(tenant_session, world)
    client = page_client("acme", "rep_n1")
    response = client.post("/customers/new", data={
        "name": "Form Founding Co", "kind": "company", "status": "following",
        "level": "potential", "care_date": years_ago(today + timedelta(days=3), 8).isoformat()})
    assert response.status_code == 302
    with tenant_session("acme") as session:
        customer_id = session.scalar(select(Customer.id).where(Customer.name == "Form Founding Co"))
    assert [r[:2] for r in reminders_of(tenant_session, world, customer_id)] == [("founding", today + timedelta(days=3))]


def test_an_imported_customer_gets_its_reminder_with_the_import(app, world, api_client, tenant_session):
    today = acme_today(tenant_session, world)
    lines = ["Name,Birthday", f"Imported Soon Co,{years_ago(today + timedelta(days=1), 20).isoformat()}",
             f"Imported Later Co,{years_ago(today + timedelta(days=40), 20).isoformat()}"]
    response = api_client("acme", "rep_n1").post(
        "/api/v1/imports", data={"file": (io.BytesIO("\n".join(lines).encode()), "care.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 202, response.get_json()
    with app.app_context():
        run_job(response.get_json()["id"], world.acme.id)

    with tenant_session("acme") as session:
        ids = dict(session.execute(select(Customer.name, Customer.id).where(Customer.name.like("Imported %"))).all())
    assert [r[:2] for r in reminders_of(tenant_session, world, ids["Imported Soon Co"])] == [
        ("founding", today + timedelta(days=1))]
    assert reminders_of(tenant_session, world, ids["Imported Later Co"]) == []


def test_a_changed_care_date_moves_the_open_reminder(world, api_client, tenant_session):
    today = acme_today(tenant_session, world)
    cid = world.acme.customers["n1_alpha"].id
    rep = api_client("acme", "rep_n1")
    assert rep.patch(f"/api/v1/customers/{cid}", json={"care_date": years_ago(today + timedelta(days=2)).isoformat()}
                     ).status_code == 200
    assert [r[:2] for r in reminders_of(tenant_session, world, cid)] == [("founding", today + timedelta(days=2))]

    assert rep.patch(f"/api/v1/customers/{cid}", json={"care_date": years_ago(today + timedelta(days=5)).isoformat()}
                     ).status_code == 200
    assert [r[:2] for r in reminders_of(tenant_session, world, cid)] == [("founding", today + timedelta(days=5))]

    # Moved out of the window, or cleared: the open reminder goes.
    assert rep.patch(f"/api/v1/customers/{cid}", json={"care_date": years_ago(today + timedelta(days=60)).isoformat()}
                     ).status_code == 200
    assert reminders_of(tenant_session, world, cid) == []
    assert rep.patch(f"/api/v1/customers/{cid}", json={"care_date": years_ago(today).isoformat()}).status_code == 200
    assert rep.patch(f"/api/v1/customers/{cid}", json={"care_date": None}).status_code == 200
    assert reminders_of(tenant_session, world, cid) == []


def test_a_done_reminder_stays_when_the_date_changes(world, api_client, tenant_session):
    today = acme_today(tenant_session, world)
    cid = world.acme.customers["n1_alpha"].id
    rep = api_client("acme", "rep_n1")
    rep.patch(f"/api/v1/customers/{cid}", json={"care_date": years_ago(today).isoformat()})
    (reminder,) = [item for item in rep.get("/api/v1/reminders?limit=200").json["items"] if item["customer_id"] == cid]
    assert rep.post(f"/api/v1/reminders/{reminder['id']}/done").status_code == 200

    rep.patch(f"/api/v1/customers/{cid}", json={"care_date": years_ago(today + timedelta(days=1)).isoformat()})

    assert [(r[1], r[3]) for r in reminders_of(tenant_session, world, cid)] == [
        (today, False), (today + timedelta(days=1), True)]


def test_switching_company_and_person_keeps_one_reminder_per_date(world, api_client, tenant_session):
    today = acme_today(tenant_session, world)
    cid = world.acme.customers["n1_beta"].id
    rep = api_client("acme", "rep_n1")
    rep.patch(f"/api/v1/customers/{cid}", json={"care_date": years_ago(today + timedelta(days=1)).isoformat()})
    assert [r[:2] for r in reminders_of(tenant_session, world, cid)] == [("founding", today + timedelta(days=1))]

    assert rep.patch(f"/api/v1/customers/{cid}", json={"kind": "person"}).status_code == 200
    assert [r[:2] for r in reminders_of(tenant_session, world, cid)] == [("birthday", today + timedelta(days=1))]
    assert rep.patch(f"/api/v1/customers/{cid}", json={"kind": "company"}).status_code == 200
    assert [r[:2] for r in reminders_of(tenant_session, world, cid)] == [("founding", today + timedelta(days=1))]


def test_a_done_reminder_is_not_doubled_by_a_kind_switch_or_the_daily_job(world, api_client, tenant_session, app):
    today = acme_today(tenant_session, world)
    cid = world.acme.customers["n1_beta"].id
    rep = api_client("acme", "rep_n1")
    rep.patch(f"/api/v1/customers/{cid}", json={"care_date": years_ago(today).isoformat()})
    (reminder,) = [item for item in rep.get("/api/v1/reminders?limit=200").json["items"] if item["customer_id"] == cid]
    rep.post(f"/api/v1/reminders/{reminder['id']}/done")

    rep.patch(f"/api/v1/customers/{cid}", json={"kind": "person"})
    care_run(app, world.acme, today=today.isoformat())

    assert reminders_of(tenant_session, world, cid) == [("founding", today, world.acme.users["rep_n1"].id, False)]


def care_run(app, tenant, **params):
    """Run the care job for `tenant` through the real runner; returns its result."""
    with app.app_context(), tenant_scope(tenant.id):
        job = Job(user_id=None, kind=care.KIND, params=params)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    with app.app_context():
        run_job(job_id, tenant.id)
    with app.app_context(), tenant_scope(tenant.id):
        job = db.session.get(Job, job_id)
        assert job.status == "finished", job.error
        return job.result


def test_the_daily_job_catches_up_days_no_worker_ran(app, world, tenant_session):
    acme = world.acme
    with tenant_session("acme") as session:
        # Dates far from the real today, so the at-once sync leaves them to the job.
        session.get(Customer, acme.customers["n1_alpha"].id).care_date = date(1990, 5, 9)  # day 8 of May 1's run
        session.get(Customer, acme.customers["n2"].id).care_date = date(1990, 5, 12)  # in the gap
        session.get(Customer, acme.customers["s1"].id).care_date = date(1990, 4, 20)  # before the last run
        session.commit()

    first = care_run(app, acme, today="2026-05-01")
    assert first["created"] == 0
    # No worker ran from May 2 to May 13: the May 14 run covers May 2 onwards.
    later = care_run(app, acme, today="2026-05-14")

    assert later["caught_up_from"] == "2026-05-02"
    with tenant_session("acme") as session:
        due = {session.get(Customer, r.customer_id).name: r.due_date for r in session.scalars(
            select(Reminder).where(Reminder.id != acme.reminder_id))}
    assert due == {"Alpha Trading": date(2026, 5, 9), "Gamma Tools": date(2026, 5, 12)}


def test_catching_up_reaches_back_at_most_a_month(app, world, tenant_session):
    acme = world.acme
    with tenant_session("acme") as session:
        session.get(Customer, acme.customers["n1_alpha"].id).care_date = date(1990, 3, 1)
        session.commit()
    care_run(app, acme, today="2026-01-01")
    result = care_run(app, acme, today="2026-06-01")
    assert result["caught_up_from"] == (date(2026, 6, 1) - timedelta(days=care.CATCH_UP_DAYS)).isoformat()
    assert result["created"] == 0
