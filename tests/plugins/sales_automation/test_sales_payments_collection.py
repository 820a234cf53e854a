"""Collection reminders: the daily schedule on a real worker, once per instalment and stage, shown on Today."""
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm_platform.models import Job
from crm_platform.sdk import workspace_today

from plugins.sales_automation.models import CollectionReminder, Instalment
from plugins.sales_automation.payments import collection
from tests.plugins.sales_automation.payments_support import make_contract

SCHEDULE = "sales_automation_daily_collection"


@pytest.fixture
def plans(sales, tenant_session):
    """rep_n1's instalments around today (the job's today is the real one) and the ids by name."""
    with tenant_session("acme") as session:
        today = workspace_today()
        day = lambda n: today + timedelta(days=n)  # noqa: E731
        contract_id, ids = make_contract(sales.acme, plan=(
            ("10.00", day(-1)), ("20.00", day(0)), ("30.00", day(7)), ("40.00", day(8)), ("50.00", day(-40))))
        _, (settled,) = make_contract(sales.acme, customer="n1_beta", plan=(("5.00", day(-3)),))
        _, (cancelled,) = make_contract(sales.acme, customer="n1_beta", plan=(("6.00", day(-3)),), status="cancelled")
        _, (south,) = make_contract(sales.acme, customer="s1", plan=(("7.00", day(2)),))
        paid = session.get(Instalment, settled)
        paid.paid, paid.settled = Decimal("5.00"), True
        part = session.get(Instalment, ids[4])
        part.paid = Decimal("12.50")
        session.commit()
    with tenant_session("globex"):
        make_contract(sales.globex, plan=(("99.00", day(-1)),))
    names = dict(zip(("yesterday", "today", "day7", "day8", "day_40"), ids))
    return today, contract_id, {**names, "settled": settled, "cancelled": cancelled, "south": south}


def reminders(tenant_session, slug="acme"):
    with tenant_session(slug) as session:
        return {(r.instalment_id, r.stage, r.owner_id)
                for r in session.scalars(select(CollectionReminder))}


def run_daily(jobs, day):
    """Tick at 06:30 UTC on `day` (the world's workspaces keep UTC) and run what started; the payments runs."""
    started = jobs.tick(datetime.combine(day, time(6, 30), timezone.utc))["started"]
    ours = [(tenant, job) for tenant, name, job in started if name == SCHEDULE]
    assert jobs.work()
    return ours


def test_the_daily_schedule_makes_due_and_overdue_reminders_once(plans, jobs, world, tenant_session):
    today, _, ids = plans
    started = run_daily(jobs, today)
    assert {tenant for tenant, _ in started} == {world.acme.id, world.globex.id}
    rep_n1, rep_s1 = world.acme.users["rep_n1"].id, world.acme.users["rep_s1"].id
    expected = {(ids["yesterday"], "overdue", rep_n1), (ids["today"], "due", rep_n1), (ids["day7"], "due", rep_n1),
                (ids["day_40"], "overdue", rep_n1), (ids["south"], "due", rep_s1)}
    assert reminders(tenant_session) == expected
    assert len(reminders(tenant_session, "globex")) == 1
    with tenant_session("acme") as session:
        job = session.scalar(select(Job).where(Job.kind == collection.KIND))
        assert (job.status, job.result) == ("finished", {"today": today.isoformat(), "due": 3, "overdue": 2})
    # The next day's run (the job's today is still the real one) and a run again make nothing new.
    assert run_daily(jobs, today + timedelta(days=1))
    assert reminders(tenant_session) == expected


def test_the_notice_days_setting_widens_the_window(plans, jobs, enable_plugin, tenant_session):
    today, _, ids = plans
    enable_plugin("acme", "sales_automation", settings={"collection_notice_days": 8})
    run_daily(jobs, today)
    assert (ids["day8"], "due") in {(i, stage) for i, stage, _ in reminders(tenant_session)}


def test_today_shows_open_collections_until_done_or_settled(plans, jobs, page_client, api_client, world):
    today, contract_id, ids = plans
    run_daily(jobs, today)
    client = page_client("acme", "rep_n1")
    text = client.get("/today/").get_data(as_text=True)
    assert "Collections" in text and "2 overdue" in text and "Alpha Trading" in text
    assert "CN¥37.50" in text  # what is left of the half-paid instalment 40 days overdue
    listed = api_client("acme", "rep_n1").get("/api/v1/sales/collection-reminders?limit=3").json
    more = api_client("acme", "rep_n1").get(f"/api/v1/sales/collection-reminders?cursor={listed['next_cursor']}")
    open_ones = listed["items"] + more.json["items"]
    assert [(r["instalment_id"], r["stage"]) for r in open_ones] == [
        (ids["day_40"], "overdue"), (ids["yesterday"], "overdue"), (ids["today"], "due"), (ids["day7"], "due")]
    first = open_ones[0]["id"]
    # Someone else's reminder is as missing as a missing one.
    assert api_client("acme", "rep_n2").post(f"/api/v1/sales/collection-reminders/{first}/done").status_code == 404
    done = client.post(f"/sales/payments/reminders/{first}/done", data={"next": "/today/"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/today/")
    paid = api_client("acme", "rep_n1").post(
        f"/api/v1/sales/contracts/{contract_id}/instalments/{ids['yesterday']}/payments", json={"amount": "10"})
    assert paid.status_code == 201
    left = api_client("acme", "rep_n1").get("/api/v1/sales/collection-reminders").json["items"]
    assert [r["instalment_id"] for r in left] == [ids["today"], ids["day7"]]
    text = client.get("/today/").get_data(as_text=True)
    assert "Collections" in text and "overdue</mark>" not in text.split("Collections")[1].split("</h2>")[0]
    assert "Collections" not in page_client("acme", "rep_n2").get("/today/").get_data(as_text=True)


def test_today_lists_the_most_overdue_first_up_to_its_limit(plans, jobs, page_client, monkeypatch):
    from plugins.sales_automation.payments import hooks

    today, _, _ = plans
    run_daily(jobs, today)
    monkeypatch.setattr(hooks, "TODAY_ROWS", 2)
    text = page_client("acme", "rep_n1").get("/today/").get_data(as_text=True)
    assert "The 2 most overdue of 4" in text and text.count('id="collection-') == 2
    assert "CN¥37.50" in text and "CN¥30.00" not in text  # day 7's instalment is past the limit


def test_reminders_follow_the_contract_to_its_new_owner(plans, jobs, page_client, api_client, world, tenant_session):
    today, contract_id, ids = plans
    run_daily(jobs, today)
    rep_n1, rep_n2 = api_client("acme", "rep_n1"), api_client("acme", "rep_n2")
    first = rep_n1.get("/api/v1/sales/collection-reminders").json["items"][0]["id"]
    moved = api_client("acme", "manager_north").patch(f"/api/v1/sales/contracts/{contract_id}",
                                                      json={"owner_id": world.acme.users["rep_n2"].id})
    assert moved.status_code == 200, moved.get_json()
    assert rep_n1.get("/api/v1/sales/collection-reminders").json["items"] == []
    assert [r["instalment_id"] for r in rep_n2.get("/api/v1/sales/collection-reminders").json["items"]] == [
        ids["day_40"], ids["yesterday"], ids["today"], ids["day7"]]
    assert "Collections" not in page_client("acme", "rep_n1").get("/today/").get_data(as_text=True)
    assert "Alpha Trading" in page_client("acme", "rep_n2").get("/today/").get_data(as_text=True).split(
        "Collections")[1]
    assert rep_n1.post(f"/api/v1/sales/collection-reminders/{first}/done").status_code == 404
    assert rep_n2.post(f"/api/v1/sales/collection-reminders/{first}/done").status_code == 204
    # The next run records the owner of the day on the reminders still open.
    run_daily(jobs, today + timedelta(days=1))
    with tenant_session("acme") as session:
        still_open = session.scalars(select(CollectionReminder).where(CollectionReminder.done_at.is_(None))).all()
        owners = {r.instalment_id: r.owner_id for r in still_open}
    rep_n2_id, rep_s1_id = world.acme.users["rep_n2"].id, world.acme.users["rep_s1"].id
    assert owners == {ids["yesterday"]: rep_n2_id, ids["today"]: rep_n2_id, ids["day7"]: rep_n2_id,
                      ids["south"]: rep_s1_id}
