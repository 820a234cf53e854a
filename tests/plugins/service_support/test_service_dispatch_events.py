"""What comes back from task dispatch: the ticket's assignee follows its task, the timeline tells how the task ended."""
import pytest
from flask_login import login_user
from sqlalchemy import select, update

from crm_platform.sdk import OrgUnit, User, ask_plugins, db, hookimpl
from plugins.service_support.events import ticket_changed
from plugins.service_support.models import Ticket, TicketEvent
from service_kit import make_ticket

EVENT = "task_dispatch_task_changed"


def tell(tenant_session, record_id, status="assigned", assignee_id=None, task_id=41, kind="ticket", tenant="acme"):
    """Send the task dispatch module's event in `tenant`, as the module does, and commit like its caller."""
    with tenant_session(tenant) as session:
        ask_plugins(EVENT, kind=kind, record_id=record_id, task_id=task_id, status=status, assignee_id=assignee_id)
        session.commit()


def timeline(tenant_session, ticket_id, tenant="acme"):
    """[(kind, detail)] of the ticket's timeline, oldest first."""
    with tenant_session(tenant) as session:
        return [(event.kind, event.detail) for event in session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.created_at))]


def assignee(tenant_session, ticket_id, tenant="acme"):
    """The ticket's assignee id."""
    with tenant_session(tenant) as session:
        return session.get(Ticket, ticket_id).assignee_id


def test_an_assignment_moves_the_ticket_once_and_announces_it(service, tenant_session):
    users = service.acme.users
    ticket = make_ticket(service, tenant_session, assignee="rep_n1")
    announced = []

    def heard(sender, **kwargs):
        announced.append(kwargs["changes"])

    with ticket_changed.connected_to(heard):
        tell(tenant_session, ticket, assignee_id=users["rep_n2"].id)
        tell(tenant_session, ticket, assignee_id=users["rep_n2"].id)  # the same assignee again: nothing new
    assert assignee(tenant_session, ticket) == users["rep_n2"].id
    assert timeline(tenant_session, ticket) == [("dispatch_assigned", {
        "task_id": 41, "assignee_id": users["rep_n2"].id, "previous_assignee_id": users["rep_n1"].id,
        "name": users["rep_n2"].name})]
    assert announced == [{"assignee_id": (users["rep_n1"].id, users["rep_n2"].id)}]


def test_a_reassignment_on_the_board_is_recorded_with_who_made_it(service, app, tenant_session):
    users = service.acme.users
    ticket = make_ticket(service, tenant_session, assignee=None)
    tell(tenant_session, ticket, assignee_id=users["rep_n1"].id)
    with app.test_request_context(), tenant_session("acme") as session:
        login_user(session.get(User, users["manager_north"].id))
        ask_plugins(EVENT, kind="ticket", record_id=ticket, task_id=41, status="assigned",
                    assignee_id=users["rep_n2"].id)
        session.commit()
    assert assignee(tenant_session, ticket) == users["rep_n2"].id
    events = timeline(tenant_session, ticket)
    assert [detail["previous_assignee_id"] for _, detail in events] == [None, users["rep_n1"].id]
    with tenant_session("acme") as session:
        actors = session.scalars(select(TicketEvent.actor_id).where(TicketEvent.ticket_id == ticket)
                                 .order_by(TicketEvent.created_at)).all()
    assert actors == [None, users["manager_north"].id]


def test_start_end_and_cancellation_are_told_once_and_leave_the_ticket_to_the_agent(service, tenant_session):
    users = service.acme.users
    ticket = make_ticket(service, tenant_session, assignee="rep_n1", status="open")
    for status in ("in_progress", "done", "done"):
        tell(tenant_session, ticket, status=status, assignee_id=users["rep_n2"].id)
    tell(tenant_session, ticket, status="cancelled", task_id=42)
    assert timeline(tenant_session, ticket) == [("dispatch_started", {"task_id": 41}), ("dispatch_done", {"task_id": 41}),
                                                ("dispatch_cancelled", {"task_id": 42})]
    with tenant_session("acme") as session:
        row = session.get(Ticket, ticket)
        assert (row.status, row.assignee_id) == ("open", users["rep_n1"].id)


def test_other_kinds_records_and_people_are_ignored(service, tenant_session):
    acme, globex = service.acme.users, service.globex.users
    ticket = make_ticket(service, tenant_session, assignee="rep_n1")
    theirs = make_ticket(service, tenant_session, tenant="globex", customer="n1_alpha", assignee="rep_n1")
    closed = make_ticket(service, tenant_session, assignee="rep_n1", status="closed")
    with tenant_session("acme") as session:
        session.execute(update(User).where(User.id == acme["rep_s1"].id).values(active=False))
        session.commit()
    tell(tenant_session, ticket, kind="lead", assignee_id=acme["rep_n2"].id)
    tell(tenant_session, 999999, assignee_id=acme["rep_n2"].id)
    tell(tenant_session, "not an id", assignee_id=acme["rep_n2"].id)
    tell(tenant_session, theirs, assignee_id=acme["rep_n2"].id)  # another workspace's ticket
    tell(tenant_session, ticket, assignee_id=globex["rep_n2"].id)  # another workspace's user
    tell(tenant_session, ticket, assignee_id=acme["rep_s1"].id)  # inactive
    tell(tenant_session, ticket, assignee_id=None)
    tell(tenant_session, ticket, status="unassigned")
    tell(tenant_session, closed, assignee_id=acme["rep_n2"].id)  # a closed ticket keeps whoever closed it
    assert assignee(tenant_session, ticket) == assignee(tenant_session, closed) == acme["rep_n1"].id
    assert assignee(tenant_session, theirs, tenant="globex") == globex["rep_n1"].id
    assert timeline(tenant_session, ticket) == timeline(tenant_session, closed) == []
    assert timeline(tenant_session, theirs, tenant="globex") == []


def test_nothing_is_followed_where_the_module_is_off(service, enable_plugin, tenant_session):
    ticket = make_ticket(service, tenant_session, assignee="rep_n1")
    enable_plugin("acme", "service_support", enabled=False)
    tell(tenant_session, ticket, assignee_id=service.acme.users["rep_n2"].id)
    assert assignee(tenant_session, ticket) == service.acme.users["rep_n1"].id


class AssignsWhileAsked:
    """Answers the request the way the real module does: the task is assigned (its event sent) before the answer."""

    def __init__(self):
        self.answer = None

    @hookimpl
    def task_dispatch_request(self, kind, record_id, title, region, customer_id, due, skills, url):
        db.session.add(OrgUnit(name=f"Task for {kind} {record_id}"))  # stands for the task on the board
        if self.answer is not None:
            ask_plugins(EVENT, kind=kind, record_id=record_id, task_id=7, status="assigned", assignee_id=self.answer)
        return self.answer


ASSIGNER = AssignsWhileAsked()


@pytest.mark.app_config(CRM_PLUGINS={"assigns_while_asked": ASSIGNER})
def test_the_event_during_the_request_is_the_dispatch_itself(service, enable_plugin, api_client, tenant_session):
    users = service.acme.users
    enable_plugin("acme", "assigns_while_asked")
    ticket = make_ticket(service, tenant_session, assignee="rep_n1")
    ASSIGNER.answer = users["rep_n2"].id
    announced = []

    def heard(sender, **kwargs):
        announced.append(kwargs["changes"])

    with ticket_changed.connected_to(heard):
        answer = api_client("acme", "rep_n1").post(f"/api/v1/service/tickets/{ticket}/dispatch")
    assert answer.status_code == 200 and answer.get_json()["assignee_id"] == users["rep_n2"].id
    assert timeline(tenant_session, ticket) == [("dispatched", {
        "assignee_id": users["rep_n2"].id, "previous_assignee_id": users["rep_n1"].id, "task_id": 7})]
    assert announced == [{"assignee_id": (users["rep_n1"].id, users["rep_n2"].id)}]


@pytest.mark.app_config(CRM_PLUGINS={"assigns_while_asked": ASSIGNER})
def test_nobody_suitable_keeps_the_waiting_task_and_a_later_assignment_follows(service, enable_plugin, api_client,
                                                                               tenant_session):
    users = service.acme.users
    enable_plugin("acme", "assigns_while_asked")
    ticket = make_ticket(service, tenant_session, assignee="rep_n1")
    ASSIGNER.answer = None
    refused = api_client("acme", "rep_n1").post(f"/api/v1/service/tickets/{ticket}/dispatch")
    assert refused.status_code == 409 and refused.get_json()["error"]["message"] == "No one suitable was found."
    with tenant_session("acme") as session:
        assert session.scalar(select(OrgUnit.id).where(OrgUnit.name == f"Task for ticket {ticket}")) is not None
    assert assignee(tenant_session, ticket) == users["rep_n1"].id and timeline(tenant_session, ticket) == []
    tell(tenant_session, ticket, task_id=7, assignee_id=users["rep_s1"].id)
    assert assignee(tenant_session, ticket) == users["rep_s1"].id
    assert [kind for kind, _ in timeline(tenant_session, ticket)] == ["dispatch_assigned"]
