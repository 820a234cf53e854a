"""A task's fields: what the API takes, how it is numbered, and every refusal with its message."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from dispatch_tasks_kit import make_catalogue, make_task
from plugins.task_dispatch.models import CatalogueItem, Task
from plugins.task_dispatch.tasks.service import open_effort

TASKS = "/api/v1/dispatch/tasks"


def problems(answer):
    """The field messages of a 422: the schema's (under "json") or the service's."""
    fields = answer.get_json()["error"]["fields"]
    return fields.get("json", fields)


@pytest.fixture
def catalogue(dispatch, tenant_session):
    """Skills plumbing and wiring, resource van, in acme."""
    return make_catalogue(tenant_session)


def test_a_task_is_created_numbered_and_unassigned(dispatch, catalogue, api_client):
    body = {"title": "Replace the pump", "description": "Basement",
            "customer_id": dispatch.acme.customers["n1_alpha"].id,
            "priority": "high", "effort": 3, "required_skills": [{"skill": "plumbing", "level": 3}],
            "required_resources": ["van"], "earliest_start": "2026-05-04T01:00:00Z", "due": "2026-05-06T09:00:00+08:00"}
    answer = api_client("acme", "rep_n1").post(TASKS, json=body)
    assert answer.status_code == 201, answer.get_json()
    task = answer.get_json()
    assert task["number"].startswith("RW-") and task["number"].endswith("-0001")
    assert task["status"] == "unassigned" and task["assignee_id"] is None and task["source_kind"] == "manual"
    assert task["region"] == "North"  # the customer's
    assert task["required_skills"] == [{"skill": "plumbing", "level": 3}] and task["required_resources"] == ["van"]
    assert task["due"].startswith("2026-05-06T01:00:00")
    assert task["created_by_id"] == dispatch.acme.users["rep_n1"].id
    second = api_client("acme", "rep_n1").post(TASKS, json={"title": "Another"}).get_json()
    assert second["number"].endswith("-0002") and second["priority"] == "normal" and second["effort"] == 1


@pytest.mark.parametrize("change, field, words", [
    ({"required_skills": [{"skill": "welding", "level": 2}]}, "required_skills", "Not a skill of the catalogue"),
    ({"required_skills": [{"skill": "plumbing", "level": 6}]}, "required_skills", None),
    ({"required_skills": [{"skill": "plumbing", "level": 2}, {"skill": "plumbing", "level": 3}]},
     "required_skills", "Name each skill once"),
    ({"required_skills": [{"skill": "van", "level": 2}]}, "required_skills", "Not a skill of the catalogue"),
    ({"required_resources": ["crane"]}, "required_resources", "Not a resource of the catalogue"),
    ({"effort": 0}, "effort", None),
    ({"effort": 1001}, "effort", None),
    ({"priority": "whenever"}, "priority", None),
    ({"region": "Mars"}, "region", "Not a sales region"),
    ({"earliest_start": "2026-05-06T00:00:00Z", "due": "2026-05-05T00:00:00Z"}, "due", "after the earliest start"),
    ({"title": ""}, "title", None),
])
def test_refusals_name_the_field_and_write_nothing(dispatch, catalogue, api_client, tenant_session, change, field,
                                                    words):
    answer = api_client("acme", "admin").post(TASKS, json={"title": "Fix", **change})
    assert answer.status_code == 422
    errors = problems(answer)
    assert field in errors, errors
    if words:
        assert words in str(errors[field])
    with tenant_session("acme") as session:
        assert session.scalar(select(Task.id)) is None


def test_an_archived_skill_is_refused(dispatch, catalogue, api_client, tenant_session):
    with tenant_session("acme") as session:
        session.get(CatalogueItem, catalogue["wiring"]).archived = True
        session.commit()
    answer = api_client("acme", "admin").post(TASKS, json={"title": "Fix",
                                                           "required_skills": [{"skill": "wiring", "level": 1}]})
    assert answer.status_code == 422 and "wiring" in str(problems(answer)["required_skills"])


def test_the_customer_must_be_one_the_creator_may_see(dispatch, catalogue, api_client):
    south = dispatch.acme.customers["s1"].id
    answer = api_client("acme", "rep_n1").post(TASKS, json={"title": "Fix", "customer_id": south})
    assert answer.status_code == 422 and "customer_id" in problems(answer)
    foreign = dispatch.globex.customers["n1_alpha"].id
    assert api_client("acme", "admin").post(TASKS, json={"title": "Fix", "customer_id": foreign}).status_code == 422


def test_a_patch_changes_only_what_it_names_and_checks_the_window(dispatch, catalogue, api_client):
    made = api_client("acme", "admin").post(TASKS, json={"title": "Fix", "due": "2026-05-06T00:00:00Z"}).get_json()
    changed = api_client("acme", "admin").patch(f"{TASKS}/{made['id']}", json={
        "effort": 4, "required_skills": [{"skill": "wiring", "level": 2}]})
    assert changed.status_code == 200
    assert changed.get_json()["effort"] == 4 and changed.get_json()["due"].startswith("2026-05-06")
    late_start = api_client("acme", "admin").patch(f"{TASKS}/{made['id']}",
                                                   json={"earliest_start": "2026-05-07T00:00:00Z"})
    assert late_start.status_code == 422 and "due" in problems(late_start)
    assert api_client("acme", "admin").patch(f"{TASKS}/{made['id']}", json={"title": None}).status_code == 422


def test_only_the_creator_or_a_dispatcher_edits(dispatch, catalogue, api_client):
    made = api_client("acme", "rep_n1").post(TASKS, json={
        "title": "Fix", "customer_id": dispatch.acme.customers["n1_alpha"].id}).get_json()
    assert api_client("acme", "rep_n1").patch(f"{TASKS}/{made['id']}", json={"effort": 2}).status_code == 200
    assert api_client("acme", "manager_north").patch(f"{TASKS}/{made['id']}", json={"effort": 3}).status_code == 200
    # rep_n2 sees no Alpha Trading task; the executive sees it and dispatches.
    assert api_client("acme", "rep_n2").patch(f"{TASKS}/{made['id']}", json={"effort": 3}).status_code == 404
    assert api_client("acme", "executive").patch(f"{TASKS}/{made['id']}", json={"effort": 5}).status_code == 200


def test_open_effort_sums_the_open_tasks_each_person_holds(dispatch, tenant_session):
    rep, other = dispatch.acme.users["rep_n1"].id, dispatch.acme.users["rep_n2"].id
    for status, effort in (("assigned", 2), ("in_progress", 3), ("done", 5), ("cancelled", 7)):
        make_task(dispatch, tenant_session, status=status, effort=effort, assignee_id=rep)
    make_task(dispatch, tenant_session, status="assigned", effort=4, assignee_id=other)
    make_task(dispatch, tenant_session, effort=9, due=datetime(2026, 5, 1, tzinfo=timezone.utc))
    with tenant_session("acme"):
        assert open_effort() == {rep: 5, other: 4}
        assert open_effort([other]) == {other: 4}
        assert open_effort([]) == {}
