"""The task pages: the dispatchers' list and its filters, my tasks, Today, a task, its forms and actions, the panel."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from crm_platform.sdk import Tenant
from dispatch_tasks_kit import make_catalogue, make_task
from plugins.task_dispatch.models import Task

UTC = timezone.utc


@pytest.fixture
def catalogue(dispatch, tenant_session):
    """Skills plumbing and wiring, resource van, in acme."""
    return make_catalogue(tenant_session)


def test_the_list_filters_by_status_priority_customer_assignee_and_due(dispatch, tenant_session, page_client):
    users, customers = dispatch.acme.users, dispatch.acme.customers
    make_task(dispatch, tenant_session, title="Urgent boiler", priority="urgent", region="North",
              customer_id=customers["n1_alpha"].id, due=datetime(2026, 5, 1, 3, tzinfo=UTC))
    make_task(dispatch, tenant_session, title="Given roof", status="assigned", assignee_id=users["rep_n2"].id,
              due=datetime(2026, 5, 9, tzinfo=UTC))
    make_task(dispatch, tenant_session, title="Finished fence", status="done", assignee_id=users["rep_n2"].id)
    page = page_client("acme", "admin")

    def shown(**filters):
        html = page.get("/dispatch/tasks/", query_string=filters).get_data(as_text=True)
        return {title for title in ("Urgent boiler", "Given roof", "Finished fence") if title in html}

    assert shown() == {"Urgent boiler", "Given roof", "Finished fence"}
    assert shown(status="open") == {"Urgent boiler", "Given roof"}
    assert shown(priority="urgent") == {"Urgent boiler"}
    assert shown(region="North") == {"Urgent boiler"}
    assert shown(customer_id=customers["n1_alpha"].id) == {"Urgent boiler"}
    assert shown(assignee_id=users["rep_n2"].id, status="assigned") == {"Given roof"}
    assert shown(due_to="2026-05-01") == {"Urgent boiler"}
    assert page.get("/dispatch/tasks/", query_string={"status": "lost"}).status_code == 400


def test_the_list_pages_by_due_time_with_open_ended_last(dispatch, tenant_session, api_client):
    start = datetime(2026, 5, 1, tzinfo=UTC)
    made = [make_task(dispatch, tenant_session, due=start + timedelta(days=n)).id for n in (3, 1, 2)]
    open_ended = make_task(dispatch, tenant_session).id
    api, order, cursor = api_client("acme", "admin"), [], None
    while True:
        page = api.get("/api/v1/dispatch/tasks", query_string={"limit": 2, **({"cursor": cursor} if cursor else {})})
        order += [item["id"] for item in page.get_json()["items"]]
        cursor = page.get_json()["next_cursor"]
        if not cursor:
            break
    assert order == [made[1], made[2], made[0], open_ended]


def test_a_task_is_created_on_the_form_with_skills_and_resources(dispatch, catalogue, page_client, tenant_session):
    with tenant_session("acme") as session:
        tenant = session.get(Tenant, dispatch.acme.id)
        tenant.settings = {**tenant.settings, "timezone": "Asia/Shanghai"}
        session.commit()
    page = page_client("acme", "rep_n1")
    form = page.get(f"/dispatch/tasks/new?customer_id={dispatch.acme.customers['n1_alpha'].id}").get_data(as_text=True)
    assert 'name="skill_0"' in form and 'value="van"' in form and "Alpha Trading" in form
    posted = page.post("/dispatch/tasks/new", data={
        "title": "Rewire the shop", "customer_id": dispatch.acme.customers["n1_alpha"].id, "priority": "high",
        "effort": "2", "skill_0": "wiring", "level_0": "4", "skill_1": "", "level_1": "1",
        "required_resources": ["van"], "due": "2026-05-06T17:30"})
    assert posted.status_code == 302
    with tenant_session("acme") as session:
        task = session.scalar(select(Task))
        assert task.required_skills == [{"skill": "wiring", "level": 4}] and task.required_resources == ["van"]
        assert task.due == datetime(2026, 5, 6, 9, 30, tzinfo=UTC)  # read in the workspace's zone
    bad = page.post("/dispatch/tasks/new", data={"title": "Weld", "effort": "1", "priority": "normal",
                                                 "skill_0": "welding", "level_0": "2"})
    assert bad.status_code == 422 and "Not a skill of the catalogue" in bad.get_data(as_text=True)


def test_edit_keeps_what_the_form_shows(dispatch, catalogue, page_client, tenant_session):
    task = make_task(dispatch, tenant_session, required_skills=[{"skill": "plumbing", "level": 2}],
                     customer_id=dispatch.acme.customers["house"].id)
    page = page_client("acme", "admin")
    form = page.get(f"/dispatch/tasks/{task.id}/edit").get_data(as_text=True)
    assert '<option value="plumbing" selected>' in form
    saved = page.post(f"/dispatch/tasks/{task.id}/edit", data={
        "title": "Fix the boiler today", "customer_id": task.customer_id, "priority": "urgent", "effort": "3",
        "skill_0": "plumbing", "level_0": "3"})
    assert saved.status_code == 302
    with tenant_session("acme") as session:
        changed = session.get(Task, task.id)
        assert (changed.title, changed.priority, changed.effort, changed.required_skills) == (
            "Fix the boiler today", "urgent", 3, [{"skill": "plumbing", "level": 3}])
    assert page_client("acme", "rep_n1").get(f"/dispatch/tasks/{task.id}/edit").status_code == 404


def test_the_task_page_links_its_source_only_when_safe(dispatch, tenant_session, page_client):
    safe = make_task(dispatch, tenant_session, source_kind="ticket", source_id=7,
                     source_url="https://crm.example.test/service/tickets/7")
    unsafe = make_task(dispatch, tenant_session, source_kind="ticket", source_id=8, source_url="javascript:alert(1)")
    page = page_client("acme", "admin")
    assert 'href="https://crm.example.test/service/tickets/7"' in page.get(f"/dispatch/tasks/{safe.id}").get_data(
        as_text=True)
    shown = page.get(f"/dispatch/tasks/{unsafe.id}").get_data(as_text=True)
    assert "javascript:" not in shown and "ticket #8" in shown


def test_my_tasks_and_the_page_actions(dispatch, tenant_session, page_client):
    rep = dispatch.acme.users["rep_n1"].id
    mine = make_task(dispatch, tenant_session, title="Mine to do", status="assigned", assignee_id=rep)
    make_task(dispatch, tenant_session, title="Someone else's", status="assigned",
              assignee_id=dispatch.acme.users["rep_n2"].id)
    page = page_client("acme", "rep_n1")
    listed = page.get("/dispatch/tasks/mine").get_data(as_text=True)
    assert "Mine to do" in listed and "Someone else" not in listed
    assert page.post(f"/dispatch/tasks/{mine.id}/start", data={"next": "/dispatch/tasks/mine"}).headers[
        "Location"].endswith("/dispatch/tasks/mine")
    assert page.post(f"/dispatch/tasks/{mine.id}/finish", data={"outcome": "All good"}).status_code == 302
    assert "Mine to do" not in page.get("/dispatch/tasks/mine").get_data(as_text=True)
    assert "Mine to do" in page.get("/dispatch/tasks/mine?status=done").get_data(as_text=True)
    admin = page_client("acme", "admin")
    assert admin.post(f"/dispatch/tasks/{mine.id}/rate", data={"rating": "5"}).status_code == 302
    assert admin.post(f"/dispatch/tasks/{mine.id}/cancel").status_code == 302  # refused: flashed, not changed
    with tenant_session("acme") as session:
        done = session.get(Task, mine.id)
        assert (done.status, done.outcome, done.rating) == ("done", "All good", 5)
    shown = admin.get(f"/dispatch/tasks/{mine.id}").get_data(as_text=True)
    assert 'id="task-outcome"' in shown and "5 / 5" in shown and 'id="rate-task"' in shown
    assert 'id="rate-task"' not in page.get(f"/dispatch/tasks/{mine.id}").get_data(as_text=True)


def test_today_shows_my_tasks_due_today_or_late(dispatch, tenant_session, page_client):
    rep = dispatch.acme.users["rep_n1"].id
    now = datetime.now(UTC)
    make_task(dispatch, tenant_session, title="Late one", status="assigned", assignee_id=rep,
              due=now - timedelta(days=2))
    make_task(dispatch, tenant_session, title="Next month", status="assigned", assignee_id=rep,
              due=now + timedelta(days=30))
    make_task(dispatch, tenant_session, title="Done late", status="done", assignee_id=rep, due=now - timedelta(days=2))
    html = page_client("acme", "rep_n1").get("/today/").get_data(as_text=True)
    assert "Late one" in html and "Next month" not in html and "Done late" not in html
    assert "Late one" not in page_client("acme", "rep_n2").get("/today/").get_data(as_text=True)


def test_the_customer_panel_and_a_merge(dispatch, tenant_session, page_client, api_client):
    customers = dispatch.acme.customers
    kept, duplicate = customers["n1_alpha"].id, customers["n1_beta"].id
    task = make_task(dispatch, tenant_session, title="Beta's boiler", customer_id=duplicate)
    assert "Beta&#39;s boiler" in page_client("acme", "rep_n1").get(f"/customers/{duplicate}").get_data(as_text=True)
    merged = api_client("acme", "admin").post(f"/api/v1/customers/{kept}/merge", json={"merge_id": duplicate})
    assert merged.status_code == 200, merged.get_json()
    with tenant_session("acme") as session:
        assert session.get(Task, task.id).customer_id == kept
    assert "Beta&#39;s boiler" in page_client("acme", "rep_n1").get(f"/customers/{kept}").get_data(as_text=True)


def test_the_menu_offers_the_list_to_dispatchers_and_my_tasks_to_all(dispatch, page_client):
    assert 'href="/dispatch/tasks/"' in page_client("acme", "manager_north").get("/today/").get_data(as_text=True)
    rep = page_client("acme", "rep_n1").get("/today/").get_data(as_text=True)
    assert 'href="/dispatch/tasks/mine"' in rep and 'href="/dispatch/tasks/"' not in rep
