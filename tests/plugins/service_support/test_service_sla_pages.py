"""The SLA clocks where people see them: the ticket page's section, the API, the Today page."""
from datetime import timedelta

from service_kit import make_ticket
from service_sla_support import add_policy, now, ticket

from sqlalchemy import select

from crm_platform.sdk import User
from plugins.service_support.models import Ticket
from plugins.service_support.sections import for_ticket


def test_the_ticket_section_shows_the_due_times_and_what_is_left(service, app, tenant_session):
    policy = add_policy(tenant_session)
    at = now()
    ticket_id = make_ticket(service, tenant_session, sla_policy_id=policy, created_at=at - timedelta(hours=1),
                            first_response_due_at=at - timedelta(minutes=5), first_response_breached_at=at,
                            first_response_minutes=None, resolution_due_at=None, paused_at=at - timedelta(minutes=1),
                            status="pending")
    with tenant_session("acme") as session, app.test_request_context():
        row = session.scalar(select(Ticket).where(Ticket.id == ticket_id))
        admin = session.scalar(select(User).where(User.id == service.acme.users["admin"].id))
        html = "".join(section.html for section in for_ticket(row, admin)[0] if section.title == "SLA")
    assert "Breached" in html and "Paused" in html and 'id="sla-clocks"' in html


def test_the_api_gives_the_clocks_to_who_may_see_the_ticket(service, api_client, tenant_session):
    policy = add_policy(tenant_session)
    at = now()
    ticket_id = make_ticket(service, tenant_session, sla_policy_id=policy, created_at=at,
                            first_response_due_at=at + timedelta(days=400), resolution_due_at=None)
    answer = api_client("acme", "rep_n1").get(f"/api/v1/service/sla/tickets/{ticket_id}")
    assert answer.status_code == 200 and answer.json["policy_id"] == policy
    assert [c["target"] for c in answer.json["clocks"]] == ["first_response", "resolution"]
    assert answer.json["clocks"][0]["state"] == "running" and answer.json["clocks"][0]["minutes_left"] is None
    assert "holiday data" in answer.json["clocks"][0]["note"]  # 400 days on: a year without holiday data
    assert api_client("acme", "rep_s1").get(f"/api/v1/service/sla/tickets/{ticket_id}").status_code == 404
    assert api_client("acme", "manager_north").get(f"/api/v1/service/sla/tickets/{ticket_id}").status_code == 200
    assert api_client("acme", "executive").get(f"/api/v1/service/sla/tickets/{ticket_id}").status_code == 200
    team = make_ticket(service, tenant_session, customer="s1", assignee=None, team="south")
    assert api_client("acme", "rep_n1").get(f"/api/v1/service/sla/tickets/{team}").status_code == 404
    assert api_client("acme", "rep_s1").get(f"/api/v1/service/sla/tickets/{team}").status_code == 200


def test_today_lists_the_assignees_warned_and_breached_tickets(service, page_client, tenant_session):
    policy = add_policy(tenant_session)
    at = now()
    make_ticket(service, tenant_session, sla_policy_id=policy, subject="Warned one",
                resolution_due_at=at + timedelta(minutes=20), resolution_warned_at=at)
    make_ticket(service, tenant_session, sla_policy_id=policy, subject="Calm one",
                resolution_due_at=at + timedelta(minutes=200))
    page = page_client("acme", "rep_n1").get("/today/").get_data(as_text=True)
    assert "Warned one" in page and "Calm one" not in page
    assert "Warned one" not in page_client("acme", "rep_n2").get("/today/").get_data(as_text=True)
    assert ticket(tenant_session, make_ticket(service, tenant_session)).sla_policy_id is None
