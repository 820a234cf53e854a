"""The "today" page and GET /api/v1/reminders: each user's own reminders, only while they may see the customer.

Reminders are added directly (the daily job has its own tests in test_reminders.py),
with due dates relative to the workspace's real local today.
"""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from crm_platform.models import Reminder, Tenant
from crm_platform.models.base import utcnow
from crm_platform.testing import MISSING_ID, PASSWORD
from crm_platform.workspace.settings import tenant_today

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def today(world, tenant_session):
    """Acme's local today (the default time zone, UTC)."""
    with tenant_session("acme") as session:
        return tenant_today(session.get(Tenant, world.acme.id))


@pytest.fixture
def remind(world, tenant_session):
    """`remind(user_key, customer_key, due, kind="founding", done=False)`: add an acme reminder; its id."""

    def add(user_key, customer_key, due, kind="founding", done=False):
        acme = world.acme
        with tenant_session("acme") as session:
            reminder = Reminder(user_id=acme.users[user_key].id, customer_id=acme.customers[customer_key].id,
                                kind=kind, due_date=due)
            if done:
                reminder.done_at, reminder.done_by = utcnow(), acme.users[user_key].id
            session.add(reminder)
            session.commit()
            return reminder.id

    return add


def sections(page):
    """{section id: [reminder ids]} of the today page."""
    found = {}
    for section_id, body in re.findall(r'<section id="([\w-]+)">(.*?)</section>', page, re.S):
        found[section_id] = [int(i) for i in re.findall(r'id="reminder-(\d+)"', body)]
    return found


def listed(client, query=""):
    """Ids of the reminders GET /api/v1/reminders lists for `client`, in order."""
    response = client.get(f"/api/v1/reminders?limit=200{query}")
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_the_page_shows_the_users_open_reminders_by_section(world, page_client, remind, today):
    due_today = remind("rep_n1", "n1_alpha", today, kind="birthday")
    soon = remind("rep_n1", "n1_beta", today + timedelta(days=7))  # day N: still shown
    late = remind("rep_n1", "n1_alpha", today - timedelta(days=2))
    beyond = remind("rep_n1", "n1_beta", today + timedelta(days=8))
    done = remind("rep_n1", "n1_beta", today, done=True)
    others = remind("rep_n2", "n2", today)

    page = page_client("acme", "rep_n1").get("/today/").get_data(as_text=True)

    assert sections(page) == {"due-today": [due_today], "overdue": [late], "upcoming": [soon]}
    assert not {beyond, done, others} & set(re.findall(r'id="reminder-(\d+)"', page))
    alpha = world.acme.customers["n1_alpha"]
    assert f'href="/customers/{alpha.id}">{alpha.name}</a>' in page and "Birthday" in page
    assert f'action="/today/{due_today}/done"' in page and today.isoformat() in page
    assert sections(page_client("acme", "rep_n2").get("/today/").get_data(as_text=True))["due-today"] == [others]


def test_today_follows_the_dashboard_at_the_head_of_the_menu_for_everyone(world, page_client):
    for user in ("rep_n1", "admin"):
        page = page_client("acme", user).get("/customers/").get_data(as_text=True)
        menu = re.findall(r'<li><a href="([^"]+)"', page.split("</ul>")[0])
        assert menu[1:3] == ["/dashboard/", "/today/"], (user, menu)  # after the brand link


def test_a_reminder_about_a_customer_the_user_cannot_see_is_hidden_and_404(page_client, api_client, remind, today):
    # s1 is rep_s1's and not shared with rep_n1 (a stale reminder, e.g. after a visibility change).
    hidden = remind("rep_n1", "s1", today)
    shared = remind("rep_n1", "s1_shared", today)  # shared with rep_n1: visible
    pages, api = page_client("acme", "rep_n1"), api_client("acme", "rep_n1")

    assert sections(pages.get("/today/").get_data(as_text=True))["due-today"] == [shared]
    assert listed(api) == [shared]
    assert pages.post(f"/today/{hidden}/done").status_code == 404
    assert api.post(f"/api/v1/reminders/{hidden}/done").status_code == 404


def test_a_reassigned_customers_open_reminders_move_to_the_new_owner(world, api_client, tenant_session, remind,
                                                                   today):
    open_one = remind("rep_n1", "n1_alpha", today)
    done_one = remind("rep_n1", "n1_alpha", today - timedelta(days=365), done=True)
    alpha = world.acme.customers["n1_alpha"].id
    rep_n1, rep_n2 = api_client("acme", "rep_n1"), api_client("acme", "rep_n2")
    assert listed(rep_n1) == [open_one]

    moved = api_client("acme", "admin").post(f"/api/v1/customers/{alpha}/reassign",
                                              json={"owner_id": world.acme.users["rep_n2"].id})

    assert moved.status_code == 200
    assert listed(rep_n1) == [] and listed(rep_n2) == [open_one]
    with tenant_session("acme") as session:  # who did it keeps it (rep_n1 no longer sees alpha, so not listed)
        assert session.get(Reminder, done_one).user_id == world.acme.users["rep_n1"].id
    assert rep_n1.post(f"/api/v1/reminders/{open_one}/done").status_code == 404
    assert rep_n2.post(f"/api/v1/reminders/{open_one}/done").status_code == 200


def test_deleting_a_customer_deletes_its_reminders(world, api_client, tenant_session, remind, today):
    gone = remind("rep_n1", "n1_alpha", today)
    kept = remind("rep_n1", "n1_beta", today)

    assert api_client("acme", "admin").delete(f"/api/v1/customers/{world.acme.customers['n1_alpha'].id}"
                                              ).status_code == 204

    with tenant_session("acme") as session:
        assert session.get(Reminder, gone) is None and session.get(Reminder, kept) is not None


def test_done_through_the_api_is_for_the_reminders_user_only(app, world, api_client, remind, today):
    mine = remind("rep_n1", "n1_alpha", today)
    missing = api_client("acme", "rep_n1").post(f"/api/v1/reminders/{MISSING_ID}/done")
    assert missing.status_code == 404
    for tenant, user in [("acme", "rep_n2"), ("acme", "admin"), ("globex", "rep_n1"), ("globex", "admin")]:
        response = api_client(tenant, user).post(f"/api/v1/reminders/{mine}/done")
        assert (response.status_code, response.get_json()) == (404, missing.get_json()), (tenant, user)
    assert app.test_client().post(f"/api/v1/reminders/{mine}/done").status_code == 401

    first = api_client("acme", "rep_n1").post(f"/api/v1/reminders/{mine}/done").get_json()
    again = api_client("acme", "rep_n1").post(f"/api/v1/reminders/{mine}/done").get_json()

    assert first["done_at"] and first["done_by"] == world.acme.users["rep_n1"].id
    assert again["done_at"] == first["done_at"]  # marking twice changes nothing
    assert first["customer"] == {"id": world.acme.customers["n1_alpha"].id, "name": "Alpha Trading",
                                 "kind": "company"}
    assert listed(api_client("acme", "rep_n1")) == []


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_done_button_needs_the_csrf_token_and_removes_the_reminder(app, world, tenant_session, remind, today):
    mine = remind("rep_n1", "n1_alpha", today)
    others = remind("rep_n2", "n2", today)
    client = app.test_client()
    token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"workspace": "acme", "email": "rep_n1@example.test", "password": PASSWORD,
                                "csrf_token": token})
    token = TOKEN.search(client.get("/today/").get_data(as_text=True)).group(1)

    assert client.post(f"/today/{mine}/done").status_code == 400  # no token: refused, nothing written
    assert client.post(f"/api/v1/reminders/{mine}/done").status_code == 400  # cookie writes need it too
    assert client.post(f"/today/{others}/done", data={"csrf_token": token}).status_code == 404
    response = client.post(f"/today/{mine}/done", data={"csrf_token": token}, follow_redirects=True)

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Done: Founding anniversary of Alpha Trading." in page
    assert sections(page)["due-today"] == []
    with tenant_session("acme") as session:
        done_at = {r.id: r.done_at for r in session.scalars(select(Reminder))}
    assert done_at[mine] is not None and done_at[others] is None


def test_the_list_filters_by_status_and_due_date_and_pages_by_due_date(world, api_client, remind, today):
    ids = {offset: remind("rep_n1", "n1_alpha", today + timedelta(days=offset)) for offset in (5, -3, 0, 2)}
    done = remind("rep_n1", "n1_beta", today, done=True)
    rep = api_client("acme", "rep_n1")
    by_due = [ids[offset] for offset in (-3, 0, 2, 5)]

    assert listed(rep) == by_due
    assert listed(rep, "&status=done") == [done]
    assert set(listed(rep, "&status=all")) == {*by_due, done}
    window = f"&due_from={today.isoformat()}&due_to={(today + timedelta(days=2)).isoformat()}"
    assert listed(rep, window) == [ids[0], ids[2]]
    pages, cursor = [], None
    while True:
        body = rep.get("/api/v1/reminders", query_string={"limit": 3, **({"cursor": cursor} if cursor else {})}).json
        pages.append([item["id"] for item in body["items"]])
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert pages == [by_due[:3], by_due[3:]]
    item = rep.get("/api/v1/reminders?limit=1").json["items"][0]
    assert item["due_date"] == (today - timedelta(days=3)).isoformat() and item["user_id"] == world.acme.users["rep_n1"].id


@pytest.mark.parametrize("query, status, field", [
    ("status=bogus", 422, "status"), ("due_from=2026-13-01", 422, "due_from"),
    ("due_from=2026-05-02&due_to=2026-05-01", 422, "due_to"), ("cursor=bogus", 400, None)])
def test_bad_filters_are_clear_4xx_errors(world, api_client, query, status, field):
    response = api_client("acme", "rep_n1").get(f"/api/v1/reminders?{query}")
    assert response.status_code == status
    assert response.get_json()["error"]["message"]
    if field:
        assert field in response.get_json()["error"]["fields"]
