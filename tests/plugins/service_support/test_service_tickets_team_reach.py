"""The tickets' visibility reaches every feature: a member of a ticket's team unit who may not see its customer.

rep_n1 is in North-1; customer s1 is South's. A ticket of s1 queued for North-1 and
assigned to nobody is rep_n1's to see through the team rule alone, and so are its
SLA clocks, survey, return visits, metrics, canned replies and requirements.
"""
import secrets
from datetime import datetime, timezone

from service_followups_support import add_follow_up, add_survey
from service_kit import make_ticket
from service_knowledge_kit import make_reply
from service_sla_support import add_policy

from crm_platform.sdk import utcnow

API = "/api/v1/service"


def team_ticket(world, tenant_session, **columns):
    """A ticket of South's customer s1, queued for North-1, assigned to nobody; its id."""
    return make_ticket(world, tenant_session, customer="s1", assignee=None, team="north1", **columns)


def test_the_team_member_cannot_see_the_customer_but_sees_the_ticket(service, tenant_session, api_client):
    ticket = team_ticket(service, tenant_session)
    rep = api_client("acme", "rep_n1")
    assert rep.get(f"/api/v1/customers/{service.acme.customers['s1'].id}").status_code == 404
    assert rep.get(f"{API}/tickets/{ticket}").status_code == 200
    assert api_client("acme", "rep_n2").get(f"{API}/tickets/{ticket}").status_code == 404


def test_its_sla_clocks(service, tenant_session, api_client):
    ticket = team_ticket(service, tenant_session, sla_policy_id=add_policy(tenant_session))
    clocks = api_client("acme", "rep_n1").get(f"{API}/sla/tickets/{ticket}")
    assert clocks.status_code == 200 and clocks.json["ticket_id"] == ticket
    assert api_client("acme", "rep_n2").get(f"{API}/sla/tickets/{ticket}").status_code == 404


def test_its_survey_and_return_visits(service, tenant_session, api_client):
    ticket = team_ticket(service, tenant_session, status="resolved", contact="s1")
    survey = add_survey(tenant_session, service, secrets.token_urlsafe(32), ticket, customer="s1", score=2,
                        answered_at=utcnow())
    follow_up = add_follow_up(tenant_session, service, utcnow().date(), owner="rep_s1", customer="s1",
                              ticket_id=ticket)
    rep, other = api_client("acme", "rep_n1"), api_client("acme", "rep_n2")
    assert rep.get(f"{API}/surveys/{survey}").json["state"] == "answered"
    assert [item["id"] for item in rep.get(f"{API}/surveys").json["items"]] == [survey]
    assert other.get(f"{API}/surveys/{survey}").status_code == 404
    assert rep.get(f"{API}/follow-ups/{follow_up}").status_code == 200
    assert other.get(f"{API}/follow-ups/{follow_up}").status_code == 404


def test_it_counts_in_their_metrics_and_the_sla_figures(service, tenant_session, api_client):
    responder = service.acme.users["rep_n1"].id
    team_ticket(service, tenant_session, first_responder_id=responder, first_response_minutes=45,
                first_response_at=datetime(2026, 3, 5, 10, tzinfo=timezone.utc))
    period = {"from": "2026-03-01", "to": "2026-03-31"}
    times = api_client("acme", "rep_n1").get(f"{API}/metrics/response-times", query_string=period).json
    assert times["keys"] == [responder]
    assert {s["key"]: s["data"] for s in times["series"]}["first_responses"] == [1]
    figures = api_client("acme", "rep_n1").get(f"{API}/sla/figures", query_string={"by": "team", **period}).json
    assert [(row["name"], row["first_response"]["median"]) for row in figures["items"]] == [("North-1", 45.0)]
    assert api_client("acme", "rep_n2").get(f"{API}/sla/figures", query_string=period).json["items"] == []


def test_they_render_a_canned_reply_for_it(service, tenant_session, api_client, page_client):
    ticket = team_ticket(service, tenant_session)
    reply = make_reply(service, tenant_session, owner="rep_n1", title="Hello", body="Ticket {ticket}")
    rendered = api_client("acme", "rep_n1").post(f"{API}/canned-replies/{reply}/render", json={"ticket_id": ticket})
    assert rendered.status_code == 200 and rendered.json["text"].startswith("Ticket ")
    page = page_client("acme", "rep_n1").get(f"/service/tickets/{ticket}?canned={reply}").get_data(as_text=True)
    assert 'id="reply-body"' in page and rendered.json["text"] in page
    refused = api_client("acme", "rep_n2").post(f"{API}/canned-replies/{reply}/render", json={"ticket_id": ticket})
    assert refused.status_code == 404


def test_they_create_a_requirement_from_it(service, tenant_session, api_client, page_client):
    ticket = team_ticket(service, tenant_session)
    browser = page_client("acme", "rep_n1")
    page = browser.get(f"/service/tickets/{ticket}").get_data(as_text=True)
    assert f'href="/service/requirements/new?ticket_id={ticket}"' in page
    assert browser.get(f"/service/requirements/new?ticket_id={ticket}").status_code == 200
    created = api_client("acme", "rep_n1").post(f"{API}/requirements", json={"title": "Bulk export", "ticket_id": ticket})
    assert created.status_code == 201
    assert page_client("acme", "rep_n2").get(f"/service/requirements/new?ticket_id={ticket}").status_code == 404
