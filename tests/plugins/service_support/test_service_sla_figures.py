"""First-response and resolution figures per person and team, over the tickets the viewer may see."""
from datetime import datetime, timezone

from sqlalchemy import true

from service_kit import make_ticket
from service_sla_support import add_policy

from plugins.service_support.sla.figures import period, time_figures

URL = "/api/v1/service/sla/figures"


def at(day, hour=10):
    return datetime(2026, 3, day, hour, tzinfo=timezone.utc)


def answered(world, tenant_session, policy, minutes, responder, resolved_minutes=None, **columns):
    """A ticket first answered on 5 March by `responder` in `minutes`, optionally resolved by them."""
    resolved = {"resolved_at": at(6), "resolver_id": world.acme.users[responder].id,
                "resolution_minutes": resolved_minutes, "status": "resolved"} if resolved_minutes else {}
    values = {"sla_policy_id": policy, "created_at": at(5, 9), "first_response_at": at(5),
              "first_responder_id": world.acme.users[responder].id, "first_response_minutes": minutes, **resolved,
              **columns}
    return make_ticket(world, tenant_session, **values)


def test_counts_averages_medians_and_the_share_within_target_in_sql(service, tenant_session, app):
    policy = add_policy(tenant_session)  # 60 min first response
    for minutes in (10, 50, 90):
        answered(service, tenant_session, policy, minutes, "rep_n1")
    answered(service, tenant_session, None, 30, "rep_n1")  # no policy: no target to be within
    with app.test_request_context(), tenant_session("acme"):
        start, end = period(at(1).date(), at(10).date())
        figures = time_figures("first_response", "person", start, end, lambda _person: true())
    assert figures == {service.acme.users["rep_n1"].id: {
        "count": 4, "average": 45.0, "median": 40.0, "within_target": 200 / 3}}


def test_figures_per_person_and_per_team_within_sight(service, api_client, tenant_session):
    policy = add_policy(tenant_session)  # 60 min first response, 480 resolution
    answered(service, tenant_session, policy, 30, "rep_n1", resolved_minutes=400, team="north1")
    answered(service, tenant_session, policy, 90, "rep_n1", team="north1")
    answered(service, tenant_session, policy, 20, "rep_s1", customer="s1", assignee="rep_s1", team="south")
    answered(service, tenant_session, policy, 10, "rep_s1", customer="s1", assignee="rep_s1",
             first_response_at=at(20))  # outside the period
    query = "?by=person&from=2026-03-01&to=2026-03-10"
    people = {row["name"]: row for row in api_client("acme", "executive").get(URL + query).json["items"]}
    rep_n1 = people[service.acme.users["rep_n1"].name]
    assert rep_n1["first_response"] == {"count": 2, "average": 60.0, "median": 60.0, "within_target": 50.0}
    assert rep_n1["resolution"]["count"] == 1 and rep_n1["resolution"]["within_target"] == 100.0
    assert people[service.acme.users["rep_s1"].name]["first_response"]["count"] == 1
    mine = api_client("acme", "rep_n1").get(URL + query).json["items"]
    assert [row["name"] for row in mine] == [service.acme.users["rep_n1"].name]
    teams = api_client("acme", "executive").get(URL + query.replace("person", "team")).json["items"]
    assert {row["name"]: row["first_response"]["count"] for row in teams} == {"North-1": 2, "South": 1}
    assert api_client("globex", "executive").get(URL + query).json["items"] == []


def test_a_backwards_period_is_a_422(service, api_client):
    answer = api_client("acme", "admin").get(URL + "?from=2026-03-10&to=2026-03-01")
    assert answer.status_code == 422
