"""End to end with the real module: a ticket or a lead dispatched becomes a linked task, and follows its assignment.

Nothing here imports the askers' dispatch code: the service and sales modules ask
through `task_dispatch_request` and hear back through `task_dispatch_task_changed`.
"""
import pytest
from sqlalchemy import select

from dispatch_profiles_kit import add_item, add_profile
from plugins.sales_automation.models import Lead
from plugins.service_support.models import Ticket, TicketEvent
from plugins.task_dispatch.models import Assignment, Task

TASKS = "/api/v1/dispatch/tasks"


@pytest.fixture
def modules(dispatch, enable_plugin, api_client):
    """Task dispatch and service support on in acme, fault tickets needing repair 3, a catalogue skill "repair"."""
    enable_plugin("acme", "service_support", settings={"dispatch_skills": "fault: repair 3"})
    add_item(api_client, "acme", "skill", "repair", "Repair")
    return dispatch


def new_ticket(world, api_client, subject="The cold store is warm", user="rep_n1"):
    """A fault ticket on customer n1_alpha made through the service API by `user` (its assignee); its id."""
    made = api_client("acme", user).post("/api/v1/service/tickets", json={
        "customer_id": world.acme.customers["n1_alpha"].id, "channel": "phone", "category": "fault",
        "subject": subject, "assignee_id": world.acme.users[user].id})
    assert made.status_code == 201, made.get_json()
    return made.get_json()["id"]


def dispatch_ticket(api_client, ticket_id, user="rep_n1"):
    """The service module's API dispatch of the ticket, as `user` of acme."""
    return api_client("acme", user).post(f"/api/v1/service/tickets/{ticket_id}/dispatch")


def linked_task(tenant_session, kind, record_id):
    """The task made for record `record_id` of `kind`, detached."""
    with tenant_session("acme") as session:
        task = session.scalars(select(Task).where(Task.source_kind == kind, Task.source_id == record_id)).one()
        session.expunge(task)
        return task


def ticket_state(tenant_session, ticket_id):
    """(status, assignee id, [(kind, detail, actor id)] of its dispatch events oldest first) of the ticket."""
    with tenant_session("acme") as session:
        ticket = session.get(Ticket, ticket_id)
        events = session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                                 .order_by(TicketEvent.created_at))
        return ticket.status, ticket.assignee_id, [(event.kind, event.detail, event.actor_id) for event in events
                                                   if event.kind.startswith("dispatch")]


def test_a_dispatched_ticket_becomes_a_linked_task_given_to_a_suitable_technician(modules, api_client,
                                                                                  tenant_session):
    users = modules.acme.users
    add_profile(api_client, modules, "acme", "rep_n2", skills={"repair": 4})
    add_profile(api_client, modules, "acme", "rep_s1", skills={"repair": 2})  # below the level the ticket needs
    ticket = new_ticket(modules, api_client, subject="Compressor down")
    answer = dispatch_ticket(api_client, ticket)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["assignee_id"] == users["rep_n2"].id
    task = linked_task(tenant_session, "ticket", ticket)
    assert (task.source_url, task.title, task.customer_id) == (
        f"http://127.0.0.1:5000/service/tickets/{ticket}", "Compressor down", modules.acme.customers["n1_alpha"].id)
    assert task.required_skills == [{"skill": "repair", "level": 3}]
    assert (task.status, task.assignee_id) == ("assigned", users["rep_n2"].id)
    with tenant_session("acme") as session:
        stored = session.scalars(select(Assignment).where(Assignment.task_id == task.id)).one()
        assert (stored.mode, stored.rank, stored.user_id) == ("request", 1, users["rep_n2"].id)
    status, assignee, events = ticket_state(tenant_session, ticket)
    assert (status, assignee) == ("new", users["rep_n2"].id)
    assert events == [("dispatched", {"assignee_id": users["rep_n2"].id, "previous_assignee_id": users["rep_n1"].id,
                                      "task_id": task.id}, users["rep_n1"].id)]
    seen = api_client("acme", "admin").get(f"{TASKS}/{task.id}").get_json()
    assert seen["source_url"] == task.source_url and seen["source_kind"] == "ticket"


def test_with_nobody_suitable_the_task_waits_on_the_board_and_its_later_assignment_moves_the_ticket(
        modules, api_client, page_client, tenant_session):
    users = modules.acme.users
    add_profile(api_client, modules, "acme", "rep_s1", skills={"repair": 2})
    ticket = new_ticket(modules, api_client)
    refused = dispatch_ticket(api_client, ticket)
    assert refused.status_code == 409 and refused.get_json()["error"]["message"] == "No one suitable was found."
    task = linked_task(tenant_session, "ticket", ticket)
    assert (task.status, task.assignee_id) == ("unassigned", None)
    board = api_client("acme", "admin").get("/api/v1/dispatch/board").get_json()
    assert [item["id"] for item in board["items"]] == [task.id]
    assert ticket_state(tenant_session, ticket) == ("new", users["rep_n1"].id, [])

    add_profile(api_client, modules, "acme", "rep_n2", skills={"repair": 3})
    assigned = api_client("acme", "admin").post(f"{TASKS}/{task.id}/assign", json={"user_id": users["rep_n2"].id})
    assert assigned.status_code == 201, assigned.get_json()
    status, assignee, events = ticket_state(tenant_session, ticket)
    assert (status, assignee) == ("new", users["rep_n2"].id)
    assert events == [("dispatch_assigned", {"task_id": task.id, "assignee_id": users["rep_n2"].id,
                                             "previous_assignee_id": users["rep_n1"].id,
                                             "name": users["rep_n2"].name}, users["admin"].id)]

    technician = api_client("acme", "rep_n2")
    for step in ("in_progress", "done"):
        moved = technician.post(f"{TASKS}/{task.id}/status", json={"status": step})
        assert moved.status_code == 200, moved.get_json()
    status, assignee, events = ticket_state(tenant_session, ticket)
    assert (status, assignee) == ("new", users["rep_n2"].id)  # resolving the ticket stays the agent's decision
    assert [kind for kind, _detail, _actor in events] == ["dispatch_assigned", "dispatch_started", "dispatch_done"]
    page = page_client("acme", "rep_n1").get(f"/service/tickets/{ticket}").get_data(as_text=True)
    assert "Assigned through task dispatch" in page and "Dispatch task done" in page


def test_a_dispatched_lead_goes_round_robin_and_its_owner_follows_the_later_assignment(modules, enable_plugin,
                                                                                       api_client, tenant_session):
    users = modules.acme.users
    enable_plugin("acme", "sales_automation", settings={"lead_assignment": "dispatch"})
    admin = api_client("acme", "admin")
    assert admin.post("/api/v1/sales/lead-assignees", json={"user_id": users["rep_n1"].id}).status_code == 201
    made = admin.post("/api/v1/sales/leads", json={"name": "Li Lei", "company": "Sunrise"})
    assert made.status_code == 201, made.get_json()
    lead = made.get_json()
    assert lead["owner_id"] == users["rep_n1"].id  # nobody takes tasks yet: round robin
    task = linked_task(tenant_session, "lead", lead["id"])
    assert (task.status, task.title, task.source_url) == (
        "unassigned", "Sunrise", f"http://127.0.0.1:5000/sales/leads/{lead['id']}")
    add_profile(api_client, modules, "acme", "rep_s1")
    assert admin.post(f"{TASKS}/{task.id}/assign", json={"user_id": users["rep_s1"].id}).status_code == 201
    with tenant_session("acme") as session:
        assert session.get(Lead, lead["id"]).owner_id == users["rep_s1"].id
