"""Dispatching a ticket: the task dispatch request's arguments, its answer, no answer, the module off, visibility."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from crm_platform.sdk import User
from dispatch_support import DISPATCH, STANDIN, WITH_DISPATCH
from plugins.service_support.dispatch.hooks import ticket_sections
from plugins.service_support.models import Ticket, TicketEvent
from service_kit import make_ticket


DUE = datetime(2026, 6, 1, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def dispatching(service, enable_plugin):
    """The service world with task dispatch on in acme, fault skills set, and the stand-in reset."""
    DISPATCH.requests.clear()
    DISPATCH.answer = None
    enable_plugin("acme", "service_support", settings={"dispatch_skills": "fault: repair 3, electrical 2"})
    enable_plugin("acme", STANDIN)
    return service


def api_dispatch(api_client, ticket_id, user="rep_n1"):
    """POST the API's dispatch of `ticket_id` as `user` of acme."""
    return api_client("acme", user).post(f"/api/v1/service/tickets/{ticket_id}/dispatch")


@WITH_DISPATCH
def test_the_request_names_skills_region_due_and_the_answer_becomes_the_assignee(dispatching, api_client,
                                                                                  tenant_session):
    world = dispatching
    ticket = make_ticket(world, tenant_session, customer="s1", assignee="rep_s1", category="fault",
                         subject="Compressor down", resolution_due_at=DUE)
    DISPATCH.answer = world.acme.users["rep_n2"].id
    answer = api_dispatch(api_client, ticket, user="rep_s1")
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {"ticket_id": ticket, "assignee_id": world.acme.users["rep_n2"].id,
                                 "assignee_name": world.acme.users["rep_n2"].name}
    [asked] = DISPATCH.requests
    assert asked == {"kind": "ticket", "record_id": ticket, "title": "Compressor down", "region": "South",
                     "customer_id": world.acme.customers["s1"].id, "due": DUE,
                     "skills": [{"skill": "repair", "level": 3}, {"skill": "electrical", "level": 2}],
                     "url": f"http://127.0.0.1:5000/service/tickets/{ticket}"}
    with tenant_session("acme") as session:
        assert session.get(Ticket, ticket).assignee_id == world.acme.users["rep_n2"].id
        event = session.scalar(select(TicketEvent).where(TicketEvent.ticket_id == ticket))
        assert event.kind == "dispatched" and event.detail == {
            "assignee_id": world.acme.users["rep_n2"].id, "previous_assignee_id": world.acme.users["rep_s1"].id}
    complaint = make_ticket(world, tenant_session, customer="s1", assignee="rep_s1", category="complaint")
    api_dispatch(api_client, complaint, user="rep_s1")
    assert DISPATCH.requests[-1]["skills"] == [] and DISPATCH.requests[-1]["due"] is None


@WITH_DISPATCH
def test_no_answer_or_no_usable_answer_is_a_409(dispatching, api_client, tenant_session):
    world = dispatching
    ticket = make_ticket(world, tenant_session)
    refused = api_dispatch(api_client, ticket)
    assert refused.status_code == 409 and refused.get_json()["error"]["message"] == "No one suitable was found."
    DISPATCH.answer = world.globex.users["rep_n2"].id  # not a user of this workspace
    assert api_dispatch(api_client, ticket).status_code == 409
    with tenant_session("acme") as session:
        session.execute(User.__table__.update().where(User.id == world.acme.users["rep_n2"].id).values(active=False))
        session.commit()
    DISPATCH.answer = world.acme.users["rep_n2"].id  # inactive
    assert api_dispatch(api_client, ticket).status_code == 409
    with tenant_session("acme") as session:
        assert session.get(Ticket, ticket).assignee_id == world.acme.users["rep_n1"].id
        assert session.scalars(select(TicketEvent)).all() == []
    closed = make_ticket(world, tenant_session, status="closed")
    DISPATCH.answer = world.acme.users["rep_s1"].id
    assert api_dispatch(api_client, closed).status_code == 409


@WITH_DISPATCH
def test_an_invisible_ticket_is_the_missing_ids_404(dispatching, api_client, tenant_session):
    world = dispatching
    DISPATCH.answer = world.acme.users["rep_n2"].id
    ticket = make_ticket(world, tenant_session, customer="s1", assignee="rep_s1")
    unseen = api_dispatch(api_client, ticket, user="rep_n1")
    assert unseen.status_code == 404 and unseen.get_json() == api_dispatch(api_client, 999999).get_json()
    assert api_client("acme", "manager_north").post(f"/api/v1/service/tickets/{ticket}/dispatch").status_code == 404
    assert api_client("acme", "manager_south").post(f"/api/v1/service/tickets/{ticket}/dispatch").status_code == 200
    assert DISPATCH.requests and all(r["record_id"] == ticket for r in DISPATCH.requests)


@WITH_DISPATCH
def test_with_the_module_off_there_is_no_button_and_the_routes_are_404(service, enable_plugin, api_client,
                                                                      page_client, tenant_session, app):
    DISPATCH.requests.clear()
    DISPATCH.answer = service.acme.users["rep_n2"].id
    ticket = make_ticket(service, tenant_session)
    assert api_dispatch(api_client, ticket).status_code == 404
    assert page_client("acme", "rep_n1").post(f"/service/dispatch/tickets/{ticket}").status_code == 404
    assert DISPATCH.requests == []
    with app.test_request_context(), tenant_session("acme") as session:
        row, rep = session.get(Ticket, ticket), session.get(User, service.acme.users["rep_n1"].id)
        assert ticket_sections(row, rep) == []
    enable_plugin("acme", STANDIN)
    with app.test_request_context(), tenant_session("acme") as session:
        row, rep = session.get(Ticket, ticket), session.get(User, service.acme.users["rep_n1"].id)
        [section] = ticket_sections(row, rep)
        assert f'action="/service/dispatch/tickets/{ticket}"' in section.html and "csrf_token" in section.html


def test_without_the_module_installed_the_routes_are_404(service, api_client, tenant_session):
    ticket = make_ticket(service, tenant_session)
    assert api_dispatch(api_client, ticket).status_code == 404


@WITH_DISPATCH
def test_the_page_dispatches_and_says_to_whom_or_why_not(dispatching, page_client, tenant_session):
    world = dispatching
    ticket = make_ticket(world, tenant_session, category="fault")
    browser = page_client("acme", "rep_n1")
    refused = browser.post(f"/service/dispatch/tickets/{ticket}", data={"next": "/today/"}, follow_redirects=True)
    assert "No one suitable was found." in refused.get_data(as_text=True)
    DISPATCH.answer = world.acme.users["rep_n2"].id
    done = browser.post(f"/service/dispatch/tickets/{ticket}", data={"next": "/today/"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/today/")
    assert f"Dispatched to {world.acme.users['rep_n2'].name}." in browser.get("/today/").get_data(as_text=True)
