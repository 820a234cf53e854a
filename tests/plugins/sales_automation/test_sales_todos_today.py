"""The Today page's to-do section: the user's own, due today or earlier (late ones highlighted), then soon."""
from datetime import timedelta

from sqlalchemy import select

from crm_platform.sdk import User, workspace_today

from plugins.sales_automation.models import Todo
from plugins.sales_automation.todos.hooks import today_sections


def add_todo(tenant_session, world, title, days, assignee="rep_n1", customer="n1_alpha"):
    """A to-do due `days` from the workspace's today, committed; its id."""
    with tenant_session("acme") as session:
        todo = Todo(title=title, due_date=workspace_today() + timedelta(days=days),
                    assignee_id=world.acme.users[assignee].id, customer_id=world.acme.customers[customer].id)
        session.add(todo)
        session.commit()
        return todo.id


def test_today_shows_my_due_and_late_to_dos_highlighted_and_hides_others(sales, tenant_session, page_client):
    late = add_todo(tenant_session, sales, "Send the contract", -2)
    due = add_todo(tenant_session, sales, "Call Mr Zhang", 0)
    soon = add_todo(tenant_session, sales, "Prepare the demo", 2)
    add_todo(tenant_session, sales, "Far away", 10)
    add_todo(tenant_session, sales, "Manager's own", -1, assignee="manager_north")
    page = page_client("acme", "rep_n1").get("/today/").get_data(as_text=True)
    assert "Send the contract" in page and "Call Mr Zhang" in page and "Prepare the demo" in page
    assert "Far away" not in page and "Manager's own" not in page
    assert f'<tr id="todo-{late}" class="overdue">' in page
    assert f'<tr id="todo-{due}">' in page and f'<tr id="todo-{soon}">' in page
    assert '<mark class="overdue-count">1 overdue</mark>' in page
    assert page.index("Call Mr Zhang") < page.index("Next few days") < page.index("Prepare the demo")


def test_the_section_counts_late_ones_and_leaves_out_done_ones(sales, tenant_session, app):
    add_todo(tenant_session, sales, "Late", -3)
    add_todo(tenant_session, sales, "Late too", -1)
    done = add_todo(tenant_session, sales, "Already done", -5)
    with tenant_session("acme") as session:
        session.get(Todo, done).done_at = session.get(Todo, done).created_at
        session.commit()
    with app.test_request_context(), tenant_session("acme") as session:
        rep = session.scalar(select(User).where(User.id == sales.acme.users["rep_n1"].id))
        [section] = today_sections(rep, workspace_today())
        assert section.overdue == 2
        assert "Already done" not in section.html and "Late too" in section.html


def test_done_from_today_goes_back_to_today(sales, tenant_session, page_client):
    todo = add_todo(tenant_session, sales, "Call Mr Zhang", 0)
    browser = page_client("acme", "rep_n1")
    answer = browser.post(f"/sales/todos/{todo}/done?next=/today/")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/today/")
    assert "Call Mr Zhang" not in browser.get("/today/").get_data(as_text=True)
    assert browser.post(f"/sales/todos/{todo}/done?next=https://evil.example/").headers["Location"].endswith(
        "/sales/todos/")
