"""The preview: recent tasks ranked under the policy in force and a proposed one, a changed top shown, nothing saved."""
from datetime import date

from dispatch_policy_kit import policy_form
from dispatch_scoring_kit import add_profile
from dispatch_tasks_kit import make_task
from sqlalchemy import func, select

from plugins.task_dispatch.models import Assignment, PolicyVersion, Task
from plugins.task_dispatch.policy.defaults import DEFAULT_WEIGHTS

URL = "/api/v1/dispatch/policy/preview"
TENURE_ONLY = {**dict.fromkeys(DEFAULT_WEIGHTS, 0), "tenure": 5}
"""A policy that ranks by time with the company alone."""


def people_and_tasks(world, tenant_session):
    """rep_n1 (exact plumbing, hired this year) and rep_n2 (overqualified, ten years in); an open and a done task."""
    users = world.acme.users
    with tenant_session("acme") as session:
        add_profile(session, users["rep_n1"].id, skills={"plumbing": 2}, hire_date=date(2026, 1, 5))
        add_profile(session, users["rep_n2"].id, skills={"plumbing": 5}, hire_date=date(2016, 1, 4))
        session.commit()
    needs = [{"skill": "plumbing", "level": 2}]
    done = make_task(world, tenant_session, title="Old leak", required_skills=needs, status="done")
    still_open = make_task(world, tenant_session, title="Boiler", required_skills=needs)
    return still_open, done


def counts(tenant_session):
    """(policy versions, assignments, assigned tasks) of acme: what a preview must leave alone."""
    with tenant_session("acme") as session:
        return (session.scalar(select(func.count()).select_from(PolicyVersion)),
                session.scalar(select(func.count()).select_from(Assignment)),
                session.scalar(select(func.count()).select_from(Task).where(Task.assignee_id.is_not(None))))


def test_the_preview_shows_who_would_come_top_and_saves_nothing(dispatch, world, api_client, tenant_session):
    still_open, done = people_and_tasks(world, tenant_session)
    rep_n1, rep_n2 = world.acme.users["rep_n1"].id, world.acme.users["rep_n2"].id
    before = counts(tenant_session)
    response = api_client("acme", "admin").post(URL, json={"weights": TENURE_ONLY})
    assert response.status_code == 200, response.json
    result = response.json
    assert result["current_version"] == 0 and result["changed"] == 2
    assert [row["task_id"] for row in result["tasks"]] == [still_open.id, done.id]  # open ones first
    row = result["tasks"][0]
    assert row["changed"] and row["number"] == still_open.number and row["status"] == "unassigned"
    assert [c["user_id"] for c in row["before"]][:2] == [rep_n1, rep_n2]
    assert [c["user_id"] for c in row["after"]][:2] == [rep_n2, rep_n1]
    assert row["after"][0]["rank"] == 1 and 0 <= row["after"][0]["total"] <= 1
    assert counts(tenant_session) == before


def test_the_same_weights_change_no_top_and_the_limit_is_kept(dispatch, world, api_client, tenant_session):
    still_open, _done = people_and_tasks(world, tenant_session)
    result = api_client("acme", "admin").post(URL, json={"weights": {"urgency": 1}, "limit": 1}).json
    assert [row["task_id"] for row in result["tasks"]] == [still_open.id]
    assert result["changed"] == 0 and not result["tasks"][0]["changed"]
    assert result["tasks"][0]["before"] == result["tasks"][0]["after"]


def test_a_refused_proposal_is_not_previewed(dispatch, world, api_client, tenant_session):
    people_and_tasks(world, tenant_session)
    admin = api_client("acme", "admin")
    refused = admin.post(URL, json={"weights": dict.fromkeys(DEFAULT_WEIGHTS, 0)})
    assert refused.status_code == 422 and "weights" in refused.json["error"]["fields"]
    assert admin.post(URL, json={"limit": 0}).status_code == 422


def test_the_page_previews_the_form_and_keeps_its_values(dispatch, world, page_client, tenant_session):
    still_open, _done = people_and_tasks(world, tenant_session)
    before = counts(tenant_session)
    form = policy_form(note="Seniority", **{f"weight_{key}": str(weight) for key, weight in TENURE_ONLY.items()})
    response = page_client("acme", "admin").post("/dispatch/policy/preview", data=form)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    row = html[html.index(f'id="preview-task-{still_open.id}"'):]
    row = row[:row.index("</tr>")]
    assert "Changed" in row and row.index("Rep N1") < row.index("Rep N2") < row.rindex("Rep N1")
    assert 'name="weight_tenure" value="5"' in html and 'name="weight_skill_fit" value="0"' in html
    assert 'value="Seniority"' in html and "Version 1 is in force" not in html
    assert counts(tenant_session) == before


def test_the_page_preview_with_no_tasks_says_so(dispatch, page_client):
    html = page_client("acme", "admin").post("/dispatch/policy/preview", data=policy_form()).get_data(as_text=True)
    assert "no tasks yet to preview" in html
