"""Whose tickets the metrics count: a rep their own, a manager their unit's, an executive all; the unit filter."""
from datetime import datetime, timezone

import pytest
from service_kit import make_ticket

API = "/api/v1/service/metrics"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
ANSWERED = datetime(2026, 3, 9, 10, tzinfo=timezone.utc)


@pytest.fixture
def tickets(service, tenant_session):
    """Four answered tickets: two of North's customers, two of South's (one of them assigned to rep_n1)."""
    users = service.acme.users

    def answered(customer, assignee, responder, minutes, team=None):
        return make_ticket(service, tenant_session, customer=customer, assignee=assignee, team=team,
                           first_responder_id=users[responder].id, first_response_minutes=minutes,
                           first_response_at=ANSWERED)

    answered("n1_alpha", "rep_n1", "rep_n1", 60, team="north1")
    answered("n2", "rep_n2", "rep_n1", 30)
    answered("s1", "rep_s1", "rep_s1", 120, team="south")
    answered("s1", "rep_n1", "rep_s1", 90)
    return service


@pytest.fixture
def per_person(tickets, api_client):
    """`per_person(user, **params)`: {person key: [first responses, average minutes]} as `user` sees them."""
    names = {person.id: key for key, person in tickets.acme.users.items()}

    def figures(user, **params):
        response = api_client("acme", user).get(f"{API}/response-times", query_string={**MARCH, **params})
        assert response.status_code == 200, response.json
        series = {one["key"]: one["data"] for one in response.json["series"]}
        return {names[person]: [series["first_responses"][row], round(series["first_response_average"][row] * 60)]
                for row, person in enumerate(response.json["keys"])}

    return figures


def test_each_role_counts_the_tickets_it_may_see(per_person):
    assert per_person("executive") == per_person("admin") == {"rep_n1": [2, 45], "rep_s1": [2, 105]}
    # North's customers, whoever answered.
    assert per_person("manager_north") == {"rep_n1": [2, 45]}
    # South's customer's tickets, rep_n1's answer on nothing of theirs.
    assert per_person("manager_south") == {"rep_s1": [2, 105]}


def test_a_rep_sees_only_their_own_figures(per_person):
    # rep_n1 answered a ticket of rep_n2's customer they may not see: it does not count; nobody else's figures show.
    assert per_person("rep_n1") == {"rep_n1": [1, 60]}
    # rep_s1's customer's ticket, though assigned to rep_n1: rep_s1 answered it, and may see it.
    assert per_person("rep_s1") == {"rep_s1": [2, 105]}
    assert per_person("rep_n2") == {}


def test_a_reps_backlog_is_their_own_tickets(tickets, api_client, tenant_session):
    counts = {}
    for user in ("rep_n1", "rep_s1", "manager_north", "executive"):
        data = api_client("acme", user).get(f"{API}/backlog").json
        counts[user] = sum(next(s for s in data["series"] if s["key"] == "total")["data"])
    # rep_n1: assigned two (one on a South customer); rep_s1: assigned one; North's manager: its customers' two.
    assert counts == {"rep_n1": 2, "rep_s1": 1, "manager_north": 2, "executive": 4}


def test_the_unit_filter_keeps_the_units_teams_and_people(per_person, tickets):
    north = tickets.acme.units["north"].id
    # The team North-1's ticket, rep_n2's (placed in North) and rep_n1's (placed in North-1) South one.
    assert per_person("executive", unit_id=north) == {"rep_n1": [2, 45], "rep_s1": [1, 90]}
    assert per_person("executive", unit_id=tickets.acme.units["south"].id) == {"rep_s1": [1, 120]}
    assert per_person("manager_north", unit_id=tickets.acme.units["north1"].id) == {"rep_n1": [1, 60]}


def test_a_unit_out_of_reach_reads_like_a_missing_one(tickets, api_client):
    answers = []
    for user, unit_id in (("manager_north", tickets.acme.units["south"].id),
                          ("manager_north", tickets.globex.units["north"].id),
                          ("manager_north", 2**40 + 7), ("rep_n1", tickets.acme.units["north1"].id),
                          ("executive", tickets.globex.units["company"].id)):
        response = api_client("acme", user).get(f"{API}/satisfaction", query_string={"unit_id": unit_id})
        answers.append((response.status_code, response.json["error"]["fields"]))
    assert answers == [(422, {"unit_id": ["Choose one of your org units."]})] * 5


def test_the_page_offers_the_units_the_viewer_may_choose(tickets, page_client):
    units = tickets.acme.units
    managers = page_client("acme", "manager_north").get("/service/metrics/").get_data(as_text=True)
    assert f'value="{units["north1"].id}"' in managers and f'value="{units["south"].id}"' not in managers
    executives = page_client("acme", "executive").get("/service/metrics/").get_data(as_text=True)
    assert all(f'value="{units[key].id}"' in executives for key in ("company", "north", "north1", "south"))
    reps = page_client("acme", "rep_n1").get("/service/metrics/").get_data(as_text=True)
    assert 'name="unit_id"' not in reps and "My service metrics" in reps
