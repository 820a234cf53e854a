"""The lean path of the tickets API's list (tickets/ticket_rows.py) answers what the schema's dump of the same tickets gives.

Tickets with every optional column empty or set, in every status, on customers
of several owners, assigned or queued for a team, are listed by users of each
scope in every queue view and order, two at a time: each page must equal
`ServiceTicketSchema` dumping the ORM tickets that the pages' own path
(`service.ticket_page`) pages through; and a page costs the principal and itself.
"""
from datetime import datetime, timedelta, timezone

import pytest

from crm_platform.sdk import User, db
from plugins.service_support.tickets import service
from plugins.service_support.tickets.schemas import ServiceTicketSchema
from service_kit import make_ticket
from statements_support import statements

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
# (customer, assignee, team, status, optional columns set): the second column of each pair empty or set.
SPECS = [
    ("n1_alpha", "rep_n1", None, "open", True),
    ("n1_alpha", None, "north1", "new", False),
    ("n1_beta", "rep_n1", None, "pending", True),
    ("n2", None, None, "new", False),
    ("n2", "rep_n2", "north", "resolved", True),
    ("s1", "rep_s1", "south", "closed", True),
    ("s1_shared", None, "north1", "open", False),
    ("house", "admin", None, "open", True),
]


@pytest.fixture
def tickets(service, tenant_session):
    """SPECS in acme, a minute apart, half of them with their due times, description and contact set."""
    made = []
    for n, (customer, assignee, team, status, full) in enumerate(SPECS):
        created = T0 + timedelta(minutes=n)
        extra = {"description": "冷库\n温度高", "first_response_due_at": created + timedelta(hours=4 - n % 3),
                 "resolution_due_at": created + timedelta(days=2, hours=n % 2),
                 "first_response_at": created + timedelta(minutes=30),
                 "resolved_at": created + timedelta(days=1) if status in ("resolved", "closed") else None,
                 "reopen_count": n % 2} if full else {}
        made.append(make_ticket(service, tenant_session, customer=customer, assignee=assignee, team=team,
                                status=status, subject=f"Ticket {n} 工单", created_at=created, updated_at=created,
                                **extra))
    return made


def api_pages(client, **query):
    """Every ticket of every page of the API's list (pages of 2, following next_cursor), concatenated."""
    items, cursor = [], None
    while True:
        response = client.get("/api/v1/service/tickets",
                              query_string={**query, "limit": 2, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.get_json()
        items += response.get_json()["items"]
        cursor = response.get_json()["next_cursor"]
        if cursor is None:
            return items


def orm_pages(world, tenant_session, user_key, **query):
    """The same pages the ORM way, dumped by the schema."""
    items, cursor = [], None
    with tenant_session("acme", world.acme.users[user_key].id):
        user = db.session.get(User, world.acme.users[user_key].id)
        while True:
            tickets, cursor = service.ticket_page(user, {"view": "all", **query, "cursor": cursor, "limit": 2})
            items += ServiceTicketSchema(many=True).dump(tickets)
            if cursor is None:
                return items


@pytest.mark.parametrize("sort", service.SORTS)
@pytest.mark.parametrize("view", service.VIEWS)
def test_the_lean_list_answers_the_schemas_dump(service, tickets, api_client, tenant_session, app, sort, view):
    seen = 0
    for user_key in ("executive", "manager_north", "rep_n1", "rep_n2"):
        with app.test_request_context():
            expected = orm_pages(service, tenant_session, user_key, sort=sort, view=view, status="any")
        assert api_pages(api_client("acme", user_key), sort=sort, view=view, status="any") == expected, user_key
        seen += len(expected)
    assert seen, "no view of this kind listed any ticket: the comparison proved nothing"


# Which of SPECS each user sees (GUIDE section 4, tickets/visibility.py), worked out by hand rather than by the
# code under test: the customer's visibility, the assignee, the team queue of the user's unit (or below, for a manager).
SEES = {
    "rep_n1": {0, 1, 2, 6},  # own and shared customers, and north1's queue
    "rep_n2": {3, 4},  # n2 is rep_n2's customer
    "manager_north": {0, 1, 2, 3, 4, 6},  # the north subtree's customers and queues
    "executive": set(range(len(SPECS))),
}


def test_each_sees_their_tickets_and_no_other_workspaces(service, tickets, api_client, tenant_session):
    made_in_globex = make_ticket(service, tenant_session, tenant="globex", customer="n1_alpha", assignee="rep_n1")
    for user_key, indexes in SEES.items():
        listed = {item["id"] for item in api_pages(api_client("acme", user_key), status="any")}
        assert listed == {tickets[i] for i in indexes}, user_key
        assert {item["id"] for item in api_pages(api_client("globex", user_key), status="any")} == (
            {made_in_globex} if user_key in ("rep_n1", "manager_north", "executive") else set())


def test_a_page_costs_the_principal_and_itself(service, tickets, api_client, app):
    client = api_client("acme", "executive")
    client.get("/api/v1/service/tickets?limit=2")  # writes the token's last use
    with statements(app) as sent:
        page = client.get("/api/v1/service/tickets?limit=2&sort=response_due")
    assert page.status_code == 200 and len(page.get_json()["items"]) == 2
    assert len(sent) == 2, sent
