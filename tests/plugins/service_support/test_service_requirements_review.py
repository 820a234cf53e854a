"""The daily review: new since the last look, waiting under review with no answer, "Mark reviewed", Today."""
from datetime import timedelta

from sqlalchemy import select

from crm_platform.sdk import User, utcnow, workspace_today
from plugins.service_support.models import Requirement, RequirementAnswer, RequirementVote
from plugins.service_support.requirements.hooks import today_sections
from service_requirements_kit import REQUIREMENTS, new_requirement

REVIEW = f"{REQUIREMENTS}/review"


def review_ids(api_client, user="rep_n1"):
    """{"new": [ids], "waiting": [ids]} of `user`'s review list."""
    listed = api_client("acme", user).get(REVIEW).get_json()
    return {key: [item["id"] for item in listed[key]] for key in ("new", "waiting")}


def age(tenant_session, requirement_id, days):
    """Make the requirement, its votes, answers and review `days` older."""
    with tenant_session("acme") as session:
        shift = timedelta(days=days)
        row = session.get(Requirement, requirement_id)
        row.created_at -= shift
        if row.reviewed_at:
            row.reviewed_at -= shift
        for model in (RequirementAnswer, RequirementVote):
            for entry in session.scalars(select(model).where(model.requirement_id == requirement_id)):
                entry.created_at -= shift
        session.commit()


def test_new_until_reviewed_then_back_when_a_customer_votes_or_a_colleague_answers(service, api_client):
    made = new_requirement(api_client, service)
    assert review_ids(api_client) == {"new": [made["id"]], "waiting": []}
    assert review_ids(api_client, "rep_n2") == {"new": [], "waiting": []}
    rep = api_client("acme", "rep_n1")
    assert rep.post(f"{REQUIREMENTS}/{made['id']}/reviewed").get_json()["reviewed_at"]
    assert review_ids(api_client)["new"] == []
    rep.post(f"{REQUIREMENTS}/{made['id']}/votes", json={"customer_id": service.acme.customers["n1_beta"].id})
    assert review_ids(api_client)["new"] == [made["id"]]
    rep.post(f"{REQUIREMENTS}/{made['id']}/reviewed")
    rep.post(f"{REQUIREMENTS}/{made['id']}/answers", json={"body": "My own answer counts as a look"})
    assert review_ids(api_client)["new"] == []
    api_client("acme", "manager_north").post(f"{REQUIREMENTS}/{made['id']}/answers", json={"body": "Any news?"})
    assert review_ids(api_client)["new"] == [made["id"]]


def test_only_the_responsible_person_marks_it_reviewed(service, api_client):
    made = new_requirement(api_client, service)
    refused = api_client("acme", "manager_north").post(f"{REQUIREMENTS}/{made['id']}/reviewed")
    assert refused.status_code == 403


def test_under_review_with_no_answer_for_three_days_is_waiting(service, api_client, tenant_session):
    made = new_requirement(api_client, service)
    rep = api_client("acme", "rep_n1")
    rep.patch(f"{REQUIREMENTS}/{made['id']}", json={"status": "under_review"})  # the responsible's change: a look
    assert review_ids(api_client) == {"new": [], "waiting": []}
    age(tenant_session, made["id"], 2)
    assert review_ids(api_client)["waiting"] == []
    age(tenant_session, made["id"], 2)
    assert review_ids(api_client)["waiting"] == [made["id"]]
    rep.post(f"{REQUIREMENTS}/{made['id']}/reviewed")  # snoozed for another three days
    assert review_ids(api_client)["waiting"] == []
    age(tenant_session, made["id"], 4)
    assert review_ids(api_client)["waiting"] == [made["id"]]
    rep.patch(f"{REQUIREMENTS}/{made['id']}", json={"status": "planned"})
    assert review_ids(api_client) == {"new": [], "waiting": []}


def test_today_section_and_review_page(service, api_client, page_client, tenant_session, app):
    made = new_requirement(api_client, service, title="Cold chain report")
    with app.test_request_context(), tenant_session("acme") as session:
        rep = session.scalar(select(User).where(User.id == service.acme.users["rep_n1"].id))
        [section] = today_sections(rep, workspace_today())
        assert "Cold chain report" in section.html and section.overdue == 0
        other = session.scalar(select(User).where(User.id == service.acme.users["rep_s1"].id))
        assert today_sections(other, workspace_today()) == []
    browser = page_client("acme", "rep_n1")
    assert "Cold chain report" in browser.get("/today/").get_data(as_text=True)
    page = browser.get("/service/requirements/review").get_data(as_text=True)
    assert 'id="requirements-new"' in page and "Cold chain report" in page
    done = browser.post(f"/service/requirements/{made['id']}/reviewed?next=/today/")
    assert done.status_code == 302 and done.headers["Location"].endswith("/today/")
    assert "Nothing to review today." in browser.get("/service/requirements/review").get_data(as_text=True)
    with tenant_session("acme") as session:
        assert session.get(Requirement, made["id"]).reviewed_at > utcnow() - timedelta(minutes=1)
