"""Who sees a task (GUIDE.md section 4): whoever may see its customer, plus its assignee; without a customer, the
creator's remit (their unit subtree's managers, all-scope roles); everyone else gets the missing id's 404."""
import re

import pytest
from sqlalchemy import select

from crm_platform.sdk import User
from dispatch_tasks_kit import make_task
from plugins.task_dispatch.tasks.visibility import task_criterion
from plugins.task_dispatch.models import Task

TASKS = "/api/v1/dispatch/tasks"
EVERYONE = ("admin", "executive", "manager_north", "manager_south", "rep_n1", "rep_n2", "rep_s1")


@pytest.fixture
def tasks(dispatch, tenant_session):
    """Alpha Trading's task given to rep_s1; a task with no customer by rep_n1; one by rep_s1; Delta's, unassigned."""
    users, customers = dispatch.acme.users, dispatch.acme.customers
    return {
        "alpha": make_task(dispatch, tenant_session, customer_id=customers["n1_alpha"].id, status="assigned",
                           assignee_id=users["rep_s1"].id, created_by_id=users["admin"].id).id,
        "loose_north": make_task(dispatch, tenant_session, created_by_id=users["rep_n1"].id).id,
        "loose_south": make_task(dispatch, tenant_session, created_by_id=users["rep_s1"].id, status="assigned",
                                 assignee_id=users["rep_n2"].id).id,
        "delta": make_task(dispatch, tenant_session, customer_id=customers["s1"].id,
                           created_by_id=users["rep_s1"].id).id,
    }


SEEN = {
    "admin": {"alpha", "loose_north", "loose_south", "delta"},
    "executive": {"alpha", "loose_north", "loose_south", "delta"},
    "manager_north": {"alpha", "loose_north"},        # Alpha is owned in North; rep_n1 is in North's subtree
    "manager_south": {"loose_south", "delta"},        # rep_s1's work; not Alpha, though its assignee is in South
    "rep_n1": {"alpha", "loose_north"},               # owns Alpha; made the loose one
    "rep_n2": {"loose_south"},                        # only as its assignee
    "rep_s1": {"alpha", "loose_south", "delta"},      # Alpha as its assignee only
}


@pytest.mark.parametrize("user", EVERYONE)
def test_each_role_sees_exactly_its_tasks_in_the_api_the_pages_and_the_list(dispatch, tasks, api_client, page_client,
                                                                           user):
    api, page = api_client("acme", user), page_client("acme", user)
    for name, task_id in tasks.items():
        seen = name in SEEN[user]
        assert api.get(f"{TASKS}/{task_id}").status_code == (200 if seen else 404), (user, name)
        assert page.get(f"/dispatch/tasks/{task_id}").status_code == (200 if seen else 404), (user, name)
    listed = {item["id"] for item in api.get(TASKS, query_string={"limit": 200}).get_json()["items"]}
    assert listed == {tasks[name] for name in SEEN[user]}


# A page's CSRF tokens are signed with the second they were made in: two renders either side of a
# second's turn differ there and nowhere else (CI saw it once).
CSRF = re.compile(rb'(name="csrf_token" value=")[^"]*"')


def without_csrf(page):
    """`page` with its CSRF tokens blanked."""
    return CSRF.sub(rb'\1"', page)


def test_invisible_foreign_and_missing_ids_answer_alike(dispatch, tasks, api_client, page_client):
    api, page = api_client("acme", "rep_n2"), page_client("acme", "rep_n2")
    missing_api, missing_page = api.get(f"{TASKS}/999999"), page.get("/dispatch/tasks/999999")
    hidden = tasks["delta"]
    assert api.get(f"{TASKS}/{hidden}").get_json() == missing_api.get_json()
    assert without_csrf(page.get(f"/dispatch/tasks/{hidden}").get_data()) == without_csrf(missing_page.get_data())
    for method, suffix, body in (("patch", "", {"title": "x"}), ("post", "/status", {"status": "cancelled"}),
                                 ("post", "/rating", {"rating": 3})):
        answer = getattr(api, method)(f"{TASKS}/{hidden}{suffix}", json=body)
        assert answer.status_code == 404 and answer.get_json() == getattr(api, method)(
            f"{TASKS}/999999{suffix}", json=body).get_json()
    assert api_client("globex", "admin").get(f"{TASKS}/{hidden}").get_json() == \
        api_client("globex", "admin").get(f"{TASKS}/999999").get_json()


def test_the_dispatcher_role_sees_every_task(dispatch, tasks, api_client, tenant_session):
    with tenant_session("acme") as session:
        session.get(User, dispatch.acme.users["rep_n2"].id).role = "dispatcher"
        session.commit()
    listed = {item["id"] for item in api_client("acme", "rep_n2").get(TASKS).get_json()["items"]}
    assert listed == set(tasks.values())


def test_the_criterion_and_the_rule_agree_for_an_inactive_user(dispatch, tasks, tenant_session):
    with tenant_session("acme") as session:
        user = session.get(User, dispatch.acme.users["rep_n1"].id)
        user.active = False
        seen = set(session.scalars(select(Task.id).where(task_criterion(user))))
    assert seen == set()  # an inactive user sees no customer and no one's work; none is assigned to them
