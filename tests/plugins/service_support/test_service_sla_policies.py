"""SLA policies: the most specific active one applies; the API and pages keep them valid; configure only."""
import pytest
from service_sla_support import add_policy

from plugins.service_support.sla.policies import matching_policy

URL = "/api/v1/service/sla-policies"
BODY = {"name": "Complaints", "category": "complaint", "first_response_minutes": 30, "resolution_minutes": 240,
        "warn_before_minutes": 20, "escalation": "notify_manager"}


def test_the_most_specific_active_policy_applies(service, tenant_session):
    ids = {name: add_policy(tenant_session, name=name, **columns) for name, columns in {
        "any": {}, "urgent": {"priority": "urgent"}, "fault": {"category": "fault"},
        "urgent fault": {"priority": "urgent", "category": "fault"},
        "old urgent complaint": {"priority": "urgent", "category": "complaint", "active": False}}.items()}
    with tenant_session("acme"):
        chosen = {pair: matching_policy(*pair).id for pair in [("urgent", "fault"), ("low", "fault"),
                                                                ("urgent", "complaint"), ("low", "inquiry")]}
    assert chosen == {("urgent", "fault"): ids["urgent fault"], ("low", "fault"): ids["fault"],
                      ("urgent", "complaint"): ids["urgent"], ("low", "inquiry"): ids["any"]}
    with tenant_session("globex"):
        assert matching_policy("urgent", "fault") is None


def test_the_api_keeps_policies(service, api_client):
    admin = api_client("acme", "admin")
    made = admin.post(URL, json=BODY)
    assert made.status_code == 201 and made.json["priority"] is None and made.json["active"] is True
    url = f"{URL}/{made.json['id']}"
    assert admin.patch(url, json={"resolution_minutes": 300}).json["resolution_minutes"] == 300
    assert [p["name"] for p in api_client("acme", "rep_n1").get(URL).json["items"]] == ["Complaints"]
    assert api_client("acme", "rep_n1").post(URL, json=BODY).status_code == 403
    assert api_client("acme", "rep_n1").delete(url).status_code == 403
    assert admin.delete(url).status_code == 204 and admin.get(url).status_code == 404


@pytest.mark.parametrize("change, field", [
    ({"first_response_minutes": 0}, "first_response_minutes"),
    ({"resolution_minutes": -5}, "resolution_minutes"),
    ({"warn_before_minutes": 240}, "warn_before_minutes"),
    ({"escalation": "reassign"}, "reassign_to_id"),
    ({"escalation": "shout"}, "escalation"),
    ({"category": "gossip"}, "category"),
])
def test_nonsense_is_a_422_on_its_field(service, api_client, change, field):
    answer = api_client("acme", "admin").post(URL, json={**BODY, **change})
    assert answer.status_code == 422 and field in str(answer.json)


def test_reassigning_needs_an_active_user_of_the_workspace(service, api_client):
    admin = api_client("acme", "admin")
    theirs = service.globex.users["rep_n2"].id
    assert admin.post(URL, json={**BODY, "escalation": "reassign", "reassign_to_id": theirs}).status_code == 422
    mine = admin.post(URL, json={**BODY, "escalation": "reassign", "reassign_to_id": service.acme.users["rep_n2"].id})
    assert mine.status_code == 201


def test_one_active_policy_per_priority_and_category_any_included(service, api_client):
    admin = api_client("acme", "admin")
    catch_all = {**BODY, "name": "All", "category": None}
    assert admin.post(URL, json=catch_all).status_code == 201
    clash = admin.post(URL, json={**catch_all, "name": "All again"})
    assert clash.status_code == 422 and "All" in str(clash.json)
    assert admin.post(URL, json={**catch_all, "name": "Draft", "active": False}).status_code == 201
    assert admin.post(URL, json=BODY).status_code == 201  # complaints of any priority: another pair


def test_the_settings_pages_add_change_and_delete_a_policy(service, page_client):
    admin = page_client("acme", "admin")
    page = admin.get("/service/sla/").get_data(as_text=True)
    assert "/admin/workspace/calendar" in page and "/calendar/time-off" in page
    form = {"name": "Faults", "category": "fault", "priority": "", "first_response_minutes": "60",
            "resolution_minutes": "480", "warn_before_minutes": "30", "escalation": "raise_priority",
            "reassign_to_id": "", "active": "on"}
    assert admin.post("/service/sla/new", data=form).status_code == 302
    assert "Faults" in admin.get("/service/sla/").get_data(as_text=True)
    wrong = admin.post("/service/sla/new", data={**form, "name": "Faults too"})
    assert wrong.status_code == 422 and "already covers" in wrong.get_data(as_text=True)
    assert page_client("acme", "rep_n1").get("/service/sla/").status_code == 403
