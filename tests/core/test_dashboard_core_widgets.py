"""The core's own widgets: today's reminders and follow-ups in short, and the customers the user touched last."""
import re
from datetime import datetime, time, timedelta, timezone

import time_machine

from crm_platform.models import Activity, Reminder
from crm_platform.models.base import utcnow
from crm_platform.workspace.settings import current_tenant, tenant_timezone, tenant_today


def widget(html, key):
    """The HTML of the widget `key` on a dashboard page."""
    return re.search(rf'data-widget="{re.escape(key)}">(.*?)</article>', html, re.S).group(1)


def recent_names(html):
    """The customer names the "Recent customers" widget lists, in order."""
    return re.findall(r'<li><a href="/customers/\d+">([^<]+)</a>', widget(html, "core.recent_customers"))


def test_todays_reminders_shows_what_is_due_today_or_late_and_no_more(world, tenant_session, page_client):
    acme = world.acme
    rep = acme.users["rep_n1"]
    with tenant_session("acme", rep.id):
        tenant = current_tenant()
        today, zone = tenant_today(tenant), tenant_timezone(tenant)
    # Noon in the workspace's zone: run at 23:30 or later, "tonight" would already be late.
    with time_machine.travel(datetime.combine(today, time(12), tzinfo=zone), tick=True):
        check_todays_reminders(acme, rep, today, zone, tenant_session, page_client)


def check_todays_reminders(acme, rep, today, zone, tenant_session, page_client):
    """The reminders widget at `today`'s noon: what is due today or late, and no more."""
    with tenant_session("acme", rep.id) as session:
        alpha, beta = acme.customers["n1_alpha"].id, acme.customers["n1_beta"].id
        session.add_all([Reminder(user_id=rep.id, customer_id=alpha, kind="founding", due_date=today),
                         Reminder(user_id=rep.id, customer_id=beta, kind="founding", due_date=today - timedelta(3)),
                         Reminder(user_id=rep.id, customer_id=beta, kind="founding", due_date=today + timedelta(2))])
        late_tonight = datetime.combine(today, time(23, 30), tzinfo=zone).astimezone(timezone.utc)
        tomorrow = datetime.combine(today + timedelta(1), time(0, 30), tzinfo=zone).astimezone(timezone.utc)
        for subject, due in (("Call back tonight", late_tonight), ("Visit tomorrow", tomorrow),
                             ("Overdue visit", utcnow() - timedelta(days=2))):
            session.add(Activity(customer_id=alpha, user_id=rep.id, kind="visit", status="planned", due_at=due,
                                 follow_up_at=due, subject=subject))
        session.commit()
    html = widget(page_client("acme", "rep_n1").get("/dashboard/").get_data(as_text=True), "core.reminders")
    assert "2 care reminders" in html and html.count("Founding anniversary") == 2
    assert html.count("<mark>overdue</mark>") == 2  # the late reminder and the late follow-up
    assert "2 follow-ups" in html and "Call back tonight" in html and "Overdue visit" in html
    assert "Visit tomorrow" not in html and 'href="/today/"' in html
    # Someone with nothing due is told so.
    other = widget(page_client("acme", "rep_s1").get("/dashboard/").get_data(as_text=True), "core.reminders")
    assert "Nothing due today." in other


def test_recent_customers_are_those_the_user_worked_on_last_and_may_see(app, world, api_client, page_client):
    rep = api_client("acme", "rep_n1")
    # The world's activities: rep_n1 logged one with each of their customers.
    assert set(recent_names(page_client("acme", "rep_n1").get("/dashboard/").get_data(as_text=True))) == {
        "Alpha Trading", "Beta Foods"}
    assert rep.post("/api/v1/customers", json={"name": "Newcomer Ltd"}).status_code == 201
    logged = rep.post(f"/api/v1/customers/{world.acme.customers['n1_beta'].id}/activities",
                      json={"kind": "call", "occurred_at": utcnow().isoformat()})
    assert logged.status_code == 201
    html = page_client("acme", "rep_n1").get("/dashboard/").get_data(as_text=True)
    assert recent_names(html) == ["Beta Foods", "Newcomer Ltd", "Alpha Trading"]
    # An edit by someone else does not count for rep_n1; losing sight of a customer drops it.
    moved = api_client("acme", "admin").post(f"/api/v1/customers/{world.acme.customers['n1_alpha'].id}/reassign",
                                             json={"owner_id": world.acme.users["rep_s1"].id})
    assert moved.status_code == 200
    html = page_client("acme", "rep_n1").get("/dashboard/").get_data(as_text=True)
    assert recent_names(html) == ["Beta Foods", "Newcomer Ltd"]
    # The admin's own edit (the reassignment) makes it one of theirs.
    assert recent_names(page_client("acme", "admin").get("/dashboard/").get_data(as_text=True))[0] == "Alpha Trading"


def test_recent_customers_look_back_ninety_days(app, world, tenant_session):
    from crm_platform.dashboard.recent_customers import RECENT_DAYS, recent_customers
    from crm_platform.models import User

    with tenant_session("acme", world.acme.users["rep_n1"].id) as session:
        rep = session.get(User, world.acme.users["rep_n1"].id)
        assert len(recent_customers(rep)) == 2
        assert recent_customers(rep, now=utcnow() + timedelta(days=RECENT_DAYS + 1)) == []


def test_someone_who_touched_nothing_is_invited_to_add_a_customer(world, page_client):
    html = widget(page_client("acme", "executive").get("/dashboard/").get_data(as_text=True), "core.recent_customers")
    assert "No customers you worked on in the last 90 days." in html and 'href="/customers/new"' in html


def test_recent_customers_read_the_users_audit_entries_by_index(app, world, tenant_session):
    """On every landing: one person's last 90 days of changes, not the whole workspace's trail scanned."""
    import pytest
    from sqlalchemy import event

    from crm_platform.dashboard.recent_customers import recent_customers
    from crm_platform.extensions import db
    from crm_platform.models import User

    with tenant_session("acme", world.acme.users["rep_n1"].id) as session:
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL costs a nearly empty table's plan by size alone (it took another index here), so its "
                        "plan says nothing about this index; SQLite's planner shows the choice")
        seen = []

        def record(conn, cursor, statement, params, *args):
            seen.append((statement, params))

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            recent_customers(session.get(User, world.acme.users["rep_n1"].id))
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        statement, params = next((s, p) for s, p in seen if "audit_entries" in s)
        plan = " ".join(str(row) for row in session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, params))
    assert "ix_audit_entries_tenant_actor" in plan, plan
