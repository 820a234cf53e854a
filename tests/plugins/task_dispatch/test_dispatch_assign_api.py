"""The assign API: candidates with breakdown and "why not?", assigning by hand with its rules, stored explanations."""
import pytest
from dispatch_scoring_kit import add_item, add_profile, make_task
from sqlalchemy import select

from crm_platform.models import AuditEntry
from plugins.task_dispatch.models import Assignment, Task

TASKS = "/api/v1/dispatch/tasks"


@pytest.fixture
def crew(dispatch, tenant_session):
    """acme: rep_n1 (plumbing 3), rep_n2 (plumbing 5), rep_s1 (no plumbing); a task needing plumbing 3 on alpha."""
    users = dispatch.acme.users
    with tenant_session("acme") as session:
        add_item(session, "skill", "plumbing", "Plumbing")
        add_profile(session, users["rep_n1"].id, skills={"plumbing": 3}, home_region="North")
        add_profile(session, users["rep_n2"].id, skills={"plumbing": 5}, home_region="North")
        add_profile(session, users["rep_s1"].id, skills={}, home_region="South")
        task = make_task(session, users["admin"].id, customer_id=dispatch.acme.customers["n1_alpha"].id,
                         region="North", due=None, required_skills=[{"skill": "plumbing", "level": 3}])
        session.commit()
        return task.id


def test_candidates_are_ranked_with_their_breakdown_and_the_others_say_why_not(dispatch, crew, api_client):
    users = dispatch.acme.users
    answer = api_client("acme", "admin").get(f"{TASKS}/{crew}/candidates")
    assert answer.status_code == 200
    body = answer.get_json()
    assert [c["user_id"] for c in body["candidates"]] == [users["rep_n1"].id, users["rep_n2"].id]
    assert body["eligible"] == 2 and body["policy_version"] == 0
    first = body["candidates"][0]
    assert first["rank"] == 1 and 0 < first["total"] <= 1
    assert {f["key"]: f["label"] for f in first["factors"]}["skill_fit"] == "Skill fit"
    assert body["ineligible"] == [{"user_id": users["rep_s1"].id, "name": users["rep_s1"].name, "reasons": [
        {"rule": "skills", "text": "Required skills: “Plumbing” below level 3"}]}]
    one = api_client("acme", "admin").get(f"{TASKS}/{crew}/candidates?user_id={users['manager_north'].id}").get_json()
    assert one["candidates"] == [] and one["ineligible"][0]["reasons"][0]["rule"] == "takes_tasks"
    assert api_client("acme", "admin").get(f"{TASKS}/{crew}/candidates?limit=1").get_json()["candidates"][0][
        "user_id"] == users["rep_n1"].id


def test_without_the_dispatch_permission_one_sees_and_takes_only_oneself(dispatch, crew, api_client):
    users = dispatch.acme.users
    rep = api_client("acme", "rep_n1")  # owns alpha, so sees the task; no dispatch permission
    body = rep.get(f"{TASKS}/{crew}/candidates").get_json()
    assert [c["user_id"] for c in body["candidates"]] == [users["rep_n1"].id] and body["ineligible"] == []
    assert rep.get(f"{TASKS}/{crew}/candidates?user_id={users['rep_n2'].id}").get_json()["candidates"][0][
        "user_id"] == users["rep_n1"].id
    refused = rep.post(f"{TASKS}/{crew}/assign", json={"user_id": users["rep_n2"].id, "reason": "Busy"})
    assert refused.status_code == 403
    taken = rep.post(f"{TASKS}/{crew}/assign", json={"user_id": users["rep_n1"].id})
    assert taken.status_code == 201 and taken.get_json()["rank"] == 1 and taken.get_json()["actor_id"] == users[
        "rep_n1"].id


def test_assigning_the_top_candidate_stores_the_explanation_and_audits_it(dispatch, crew, api_client, tenant_session):
    users = dispatch.acme.users
    answer = api_client("acme", "admin").post(f"{TASKS}/{crew}/assign", json={"user_id": users["rep_n1"].id})
    assert answer.status_code == 201, answer.get_json()
    stored = answer.get_json()
    assert stored["rank"] == 1 and stored["candidates"] == 2 and stored["mode"] == "manual"
    assert stored["policy_version"] == 0 and stored["reason"] is None
    assert stored["alternatives"] == [{"user_id": users["rep_n2"].id, "name": users["rep_n2"].name,
                                       "total": stored["alternatives"][0]["total"]}]
    assert set(stored["factors"]) >= {"skill_fit", "spare_capacity"}
    assert stored["factors"]["skill_fit"] == {"value": 1.0, "weight": 3.0}
    with tenant_session("acme") as session:
        task = session.get(Task, crew)
        assert (task.assignee_id, task.status) == (users["rep_n1"].id, "assigned") and task.assigned_at
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "dispatch_assignment")).all()
        assert len(audit) == 1 and audit[0].entity_id == stored["id"]
    listed = api_client("acme", "rep_n1").get(f"{TASKS}/{crew}/assignments").get_json()  # the assignee sees it
    assert [item["id"] for item in listed["items"]] == [stored["id"]]


def test_anyone_but_the_top_candidate_needs_a_reason(dispatch, crew, api_client, tenant_session):
    second = dispatch.acme.users["rep_n2"].id
    admin = api_client("acme", "admin")
    refused = admin.post(f"{TASKS}/{crew}/assign", json={"user_id": second, "reason": "  "})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"] == {
        "reason": ["Say why you choose someone other than the top candidate."]}
    with tenant_session("acme") as session:
        assert session.get(Task, crew).assignee_id is None
        assert session.scalars(select(Assignment)).all() == []
    made = admin.post(f"{TASKS}/{crew}/assign", json={"user_id": second, "reason": "Knows the site"})
    assert made.status_code == 201 and made.get_json()["reason"] == "Knows the site"
    again = admin.post(f"{TASKS}/{crew}/assign", json={"user_id": dispatch.acme.users["rep_n1"].id})
    assert again.status_code == 201
    listed = admin.get(f"{TASKS}/{crew}/assignments").get_json()["items"]
    assert [item["user_id"] for item in listed] == [dispatch.acme.users["rep_n1"].id, second]  # newest first


def test_an_ineligible_person_is_refused_with_the_rules_text(dispatch, crew, api_client, tenant_session):
    users = dispatch.acme.users
    refused = api_client("acme", "admin").post(f"{TASKS}/{crew}/assign", json={"user_id": users["rep_s1"].id,
                                                                              "reason": "Try"})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["message"] == "Rep S1 cannot take this task: Required skills: “Plumbing” below level 3"
    foreign = api_client("acme", "admin").post(f"{TASKS}/{crew}/assign",
                                               json={"user_id": dispatch.globex.users["rep_n1"].id, "reason": "x"})
    assert foreign.status_code == 409 and "Rep N1" not in foreign.get_json()["error"]["message"]
    with tenant_session("acme") as session:
        session.get(Task, crew).status = "done"
        session.commit()
    closed = api_client("acme", "admin").post(f"{TASKS}/{crew}/assign", json={"user_id": users["rep_n1"].id})
    assert closed.status_code == 409


def test_a_task_one_may_not_see_is_a_404_on_every_route(dispatch, crew, api_client, tenant_session):
    rep_s1 = api_client("acme", "rep_s1")  # South: does not see alpha (North), is not its assignee
    for url in (f"{TASKS}/{crew}/candidates", f"{TASKS}/{crew}/assignments"):
        assert rep_s1.get(url).status_code == 404
    assert rep_s1.post(f"{TASKS}/{crew}/assign", json={"user_id": dispatch.acme.users["rep_s1"].id}).status_code == 404
    assert api_client("globex", "admin").get(f"{TASKS}/{crew}/candidates").status_code == 404
