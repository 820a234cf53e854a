"""Recording how a return visit went: once, by its owner or the customer's manager, optionally as an activity."""
from datetime import timedelta

from sqlalchemy import select

from crm_platform.sdk import Activity, workspace_today
from service_followups_support import add_follow_up, follow_ups
from service_kit import make_ticket

from plugins.service_support.models import TicketEvent

API = "/api/v1/service/follow-ups"


def today(tenant_session):
    with tenant_session("acme"):
        return workspace_today()


def activities(tenant_session, customer_id):
    with tenant_session("acme") as session:
        return [(a.kind, a.status, a.outcome, a.subject, a.user_id)
                for a in session.scalars(select(Activity).where(Activity.customer_id == customer_id,
                                                                 Activity.subject.like("Return visit%")))]


def test_the_owner_records_the_outcome_once_and_logs_the_visit(service, tenant_session, api_client):
    ticket = make_ticket(service, tenant_session)
    visit = add_follow_up(tenant_session, service, today(tenant_session), ticket_id=ticket)
    rep = api_client("acme", "rep_n1")
    done = rep.post(f"{API}/{visit}/outcome", json={"result": "satisfied", "kind": "visit",
                                                    "outcome": "Cold store fixed, happy.", "log_activity": True})
    assert done.status_code == 200, done.json
    assert done.json["done"] and done.json["result"] == "satisfied" and done.json["kind"] == "visit"
    customer = service.acme.customers["n1_alpha"].id
    [(kind, status, outcome, subject, user_id)] = activities(tenant_session, customer)
    assert (kind, status, outcome, user_id) == ("visit", "done", "Cold store fixed, happy.",
                                               service.acme.users["rep_n1"].id)
    assert subject.startswith("Return visit: T-")
    with tenant_session("acme") as session:
        event = session.scalar(select(TicketEvent).where(TicketEvent.ticket_id == ticket))
        assert event.kind == "follow_up_done" and event.detail["result"] == "satisfied"
    again = rep.post(f"{API}/{visit}/outcome", json={"result": "unsatisfied"})
    assert again.status_code == 422 and "already recorded" in str(again.json)
    assert follow_ups(tenant_session)[0].result == "satisfied"


def test_without_log_activity_nothing_goes_on_the_timeline(service, tenant_session, api_client):
    visit = add_follow_up(tenant_session, service, today(tenant_session))
    answer = api_client("acme", "rep_n1").post(f"{API}/{visit}/outcome", json={"result": "unreachable"})
    assert answer.status_code == 200 and answer.json["kind"] == "call"
    assert activities(tenant_session, service.acme.customers["n1_alpha"].id) == []


def test_bad_results_are_refused(service, tenant_session, api_client):
    visit = add_follow_up(tenant_session, service, today(tenant_session))
    answer = api_client("acme", "rep_n1").post(f"{API}/{visit}/outcome", json={"result": "meh", "kind": "fax"})
    assert answer.status_code == 422 and set(answer.json["error"]["fields"]) == {"result", "kind"}


def test_who_sees_and_who_records(service, tenant_session, api_client):
    visit = add_follow_up(tenant_session, service, today(tenant_session))
    # The owner's colleague in the parent unit cannot see n1_alpha: the same 404 as a missing id.
    assert api_client("acme", "rep_n2").get(f"{API}/{visit}").status_code == 404
    assert api_client("acme", "rep_s1").get(f"{API}/{visit}").status_code == 404
    assert api_client("acme", "rep_s1").post(f"{API}/{visit}/outcome", json={"result": "satisfied"}).status_code == 404
    assert api_client("acme", "manager_south").get(f"{API}/{visit}").status_code == 404
    assert api_client("acme", "executive").get(f"{API}/{visit}").status_code == 200
    manager = api_client("acme", "manager_north")
    assert [item["id"] for item in manager.get(API).json["items"]] == [visit]
    assert manager.get(API, query_string={"mine": "true"}).json["items"] == []
    assert manager.post(f"{API}/{visit}/outcome", json={"result": "satisfied"}).status_code == 200


def test_a_return_visit_on_a_customer_the_owner_cannot_see_is_still_theirs(service, tenant_session, api_client):
    visit = add_follow_up(tenant_session, service, today(tenant_session), owner="rep_n1", customer="s1")
    rep = api_client("acme", "rep_n1")
    assert [item["id"] for item in rep.get(API, query_string={"mine": "true"}).json["items"]] == [visit]
    refused = rep.post(f"{API}/{visit}/outcome", json={"result": "satisfied", "log_activity": True})
    assert refused.status_code == 422 and "log_activity" in refused.json["error"]["fields"]
    assert rep.post(f"{API}/{visit}/outcome", json={"result": "satisfied"}).status_code == 200


def test_the_list_filters_and_pages(service, tenant_session, api_client):
    day = today(tenant_session)
    ids = [add_follow_up(tenant_session, service, day + timedelta(days=n)) for n in (2, 0, 1)]
    rep = api_client("acme", "rep_n1")
    first = rep.get(API, query_string={"limit": 2}).json
    second = rep.get(API, query_string={"limit": 2, "cursor": first["next_cursor"]}).json
    assert [i["id"] for i in first["items"] + second["items"]] == [ids[1], ids[2], ids[0]]
    assert [i["id"] for i in rep.get(API, query_string={"due_to": day.isoformat()}).json["items"]] == [ids[1]]
    rep.post(f"{API}/{ids[1]}/outcome", json={"result": "satisfied"})
    assert [i["id"] for i in rep.get(API, query_string={"status": "done"}).json["items"]] == [ids[1]]
    assert rep.get(API, query_string={"status": "nope"}).status_code == 422
