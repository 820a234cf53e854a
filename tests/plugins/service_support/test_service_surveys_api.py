"""The surveys API and the ticket page's survey section: who sees a survey, its state, never its token."""
import secrets
from datetime import timedelta

from sqlalchemy import select

from crm_platform.sdk import User, utcnow
from service_followups_support import add_survey
from service_kit import make_ticket

from plugins.service_support.models import Ticket
from plugins.service_support.surveys import hooks

API = "/api/v1/service/surveys"


def test_the_api_lists_and_reads_the_surveys_one_may_see(service, tenant_session, api_client):
    ticket = make_ticket(service, tenant_session, status="resolved", contact="n1_alpha")
    answered = add_survey(tenant_session, service, secrets.token_urlsafe(32), ticket, score=2, comment="Slow",
                          answered_at=utcnow())
    other = make_ticket(service, tenant_session, customer="s1", assignee="rep_n1", status="resolved")
    waiting = add_survey(tenant_session, service, secrets.token_urlsafe(32), other, customer="s1")
    rep = api_client("acme", "rep_n1")
    items = rep.get(API).json["items"]
    assert {item["id"] for item in items} == {answered, waiting}  # s1's: through the ticket assigned to rep_n1
    assert all("token" not in key for item in items for key in item)
    shown = rep.get(f"{API}/{answered}").json
    assert (shown["state"], shown["score"], shown["comment"]) == ("answered", 2, "Slow")
    assert rep.get(f"{API}/{waiting}").json["state"] == "sent"
    assert [i["id"] for i in rep.get(API, query_string={"max_score": 2}).json["items"]] == [answered]
    assert [i["id"] for i in rep.get(API, query_string={"answered": "false"}).json["items"]] == [waiting]
    assert api_client("acme", "rep_s1").get(f"{API}/{answered}").status_code == 404
    assert api_client("acme", "rep_n2").get(f"{API}/{waiting}").status_code == 404
    assert api_client("acme", "manager_north").get(f"{API}/{answered}").status_code == 200
    assert api_client("acme", "executive").get(API).json["items"]


def test_the_ticket_section_shows_the_state_and_score(service, tenant_session, app):
    answered = make_ticket(service, tenant_session, status="resolved", contact="n1_alpha")
    add_survey(tenant_session, service, secrets.token_urlsafe(32), answered, score=5, comment="Great",
               answered_at=utcnow())
    expired = make_ticket(service, tenant_session, status="resolved", contact="n1_alpha")
    add_survey(tenant_session, service, secrets.token_urlsafe(32), expired, expires_at=utcnow() - timedelta(days=1))
    still_open = make_ticket(service, tenant_session, status="open")
    with app.test_request_context(), tenant_session("acme") as session:
        rep = session.scalar(select(User).where(User.id == service.acme.users["rep_n1"].id))
        [section] = hooks.ticket_sections(session.scalar(select(Ticket).where(Ticket.id == answered)), rep)
        assert 'data-state="answered"' in section.html and "5 / 5" in section.html and "Great" in section.html
        [section] = hooks.ticket_sections(session.scalar(select(Ticket).where(Ticket.id == expired)), rep)
        assert 'data-state="expired"' in section.html
        assert hooks.ticket_sections(session.scalar(select(Ticket).where(Ticket.id == still_open)), rep) == []
