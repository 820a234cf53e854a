"""The dashboard's dispatch widgets: the user's tasks in hand, soonest due first; a dispatcher's unassigned count."""
import re
from datetime import timedelta

from dispatch_tasks_kit import make_task

from crm_platform.sdk import utcnow


def widget(html, key):
    """The HTML of the widget `key` on the dashboard."""
    found = re.search(rf'data-widget="{re.escape(key)}">(.*?)</article>', html, re.S)
    return found.group(1) if found else None


def test_my_tasks_and_the_unassigned_count(dispatch, tenant_session, page_client):
    acme = dispatch.acme
    rep = acme.users["rep_n1"].id
    now = utcnow()
    make_task(dispatch, tenant_session, title="Open-ended", status="assigned", assignee_id=rep)
    make_task(dispatch, tenant_session, title="Due tomorrow", status="in_progress", assignee_id=rep,
              due=now + timedelta(days=1))
    make_task(dispatch, tenant_session, title="Due in an hour", status="assigned", assignee_id=rep,
              due=now + timedelta(hours=1))
    make_task(dispatch, tenant_session, title="Finished", status="done", assignee_id=rep)
    make_task(dispatch, tenant_session, title="Waiting", status="unassigned", due=now - timedelta(hours=1))
    make_task(dispatch, tenant_session, title="Waiting too", status="unassigned")
    html = page_client("acme", "rep_n1").get("/dashboard/").get_data(as_text=True)
    mine = widget(html, "dispatch.tasks")
    assert re.findall(r"</a></td>\s*<td>([^<]+)</td>", mine) == ["Due in an hour", "Due tomorrow", "Open-ended"]
    assert "3 tasks in your hands" in mine and "next=/dashboard/" in mine
    assert widget(html, "dispatch.unassigned") is None  # reps do not dispatch
    board = widget(page_client("acme", "admin").get("/dashboard/").get_data(as_text=True), "dispatch.unassigned")
    assert "2 tasks wait for someone" in board and "1 overdue" in board and 'href="/dispatch/board/"' in board
