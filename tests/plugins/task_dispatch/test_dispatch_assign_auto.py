"""Automatic assignment: a new task goes to its top candidate when the policy says so, else it waits."""
from sqlalchemy import select

from dispatch_scoring_kit import add_profile, make_task
from plugins.task_dispatch.assign.service import auto_assign
from plugins.task_dispatch.models import Assignment, PolicyVersion, Task
from plugins.task_dispatch.policy.defaults import DEFAULT_PARAMETERS

TASKS = "/api/v1/dispatch/tasks"


def people(dispatch, tenant_session, auto):
    """rep_n1 and rep_n2 take tasks (rep_n2 with a lighter load of capacity: the top); the policy's auto_assign."""
    users = dispatch.acme.users
    with tenant_session("acme") as session:
        add_profile(session, users["rep_n1"].id, capacity=2)
        add_profile(session, users["rep_n2"].id, capacity=10)
        session.add(PolicyVersion(version=1, weights={}, parameters={**DEFAULT_PARAMETERS, "auto_assign": auto}))
        session.commit()


def test_a_new_task_goes_to_its_top_candidate_when_the_policy_says_so(dispatch, tenant_session, api_client):
    people(dispatch, tenant_session, auto=True)
    made = api_client("acme", "admin").post(TASKS, json={"title": "Replace the pump"})
    assert made.status_code == 201, made.get_json()
    with tenant_session("acme") as session:
        task = session.get(Task, made.get_json()["id"])
        assert (task.status, task.assignee_id) == ("assigned", dispatch.acme.users["rep_n2"].id)
        stored = session.scalars(select(Assignment).where(Assignment.task_id == task.id)).one()
        assert (stored.mode, stored.rank, stored.policy_version, stored.actor_id) == (
            "auto", 1, 1, dispatch.acme.users["admin"].id)


def test_without_automatic_assignment_a_new_task_waits(dispatch, tenant_session, api_client):
    people(dispatch, tenant_session, auto=False)
    made = api_client("acme", "admin").post(TASKS, json={"title": "Replace the pump"}).get_json()
    with tenant_session("acme") as session:
        assert session.get(Task, made["id"]).assignee_id is None


def test_auto_assign_gives_nobody_when_nobody_is_eligible(dispatch, tenant_session):
    with tenant_session("acme") as session:
        task = make_task(session, dispatch.acme.users["admin"].id, due=None)
        assert auto_assign(None, task) is None and task.assignee_id is None
        add_profile(session, dispatch.acme.users["rep_s1"].id)
        row = auto_assign(None, task, mode="batch")
        assert row.mode == "batch" and row.actor_id is None and task.assignee_id == dispatch.acme.users["rep_s1"].id
