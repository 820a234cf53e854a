"""Each metrics endpoint's figures, from tickets whose columns are set by hand and figures computed by hand."""
from datetime import datetime, timedelta, timezone

from service_kit import make_ticket

from crm_platform.sdk import utcnow
from plugins.service_support.models import Survey

API = "/api/v1/service/metrics"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


def at(day, hour=10, month=3):
    """An instant of 2026 (UTC; the world's workspaces are on UTC)."""
    return datetime(2026, month, day, hour, tzinfo=timezone.utc)


def figures(api_client, name, user="admin", tenant="acme", **params):
    """The JSON of one metrics endpoint, asserting it answered 200."""
    response = api_client(tenant, user).get(f"{API}/{name}", query_string=params)
    assert response.status_code == 200, response.json
    return response.json


def table(data):
    """{category key: {series key: value}} of a ChartSchema answer."""
    return {key: {series["key"]: series["data"][row] for series in data["series"]}
            for row, key in enumerate(data["keys"])}


def test_response_and_resolution_times_per_person_and_team(service, api_client, tenant_session):
    users, units = service.acme.users, service.acme.units
    make_ticket(service, tenant_session, team="north1", first_responder_id=users["rep_n1"].id,
                first_response_minutes=30, first_response_at=at(5), resolver_id=users["rep_n1"].id,
                resolution_minutes=120, resolved_at=at(6))
    make_ticket(service, tenant_session, team="north1", first_responder_id=users["rep_n1"].id,
                first_response_minutes=150, first_response_at=at(10))
    make_ticket(service, tenant_session, first_responder_id=users["rep_n1"].id, first_response_minutes=60,
                first_response_at=at(12), resolver_id=users["rep_n2"].id, resolution_minutes=600, resolved_at=at(20))
    make_ticket(service, tenant_session, customer="n2", assignee="rep_n2", team="north",
                first_responder_id=users["rep_n2"].id, first_response_minutes=15, first_response_at=at(15))
    make_ticket(service, tenant_session, customer="n2", assignee="rep_n2", team="north",
                first_responder_id=users["rep_n2"].id, first_response_minutes=105, first_response_at=at(16))
    # Outside the period, and in the other workspace: neither counts.
    make_ticket(service, tenant_session, customer="n2", assignee="rep_n2", first_responder_id=users["rep_n2"].id,
                first_response_minutes=1000, first_response_at=at(20, month=2))
    make_ticket(service, tenant_session, tenant="globex", first_responder_id=service.globex.users["rep_n1"].id,
                first_response_minutes=5, first_response_at=at(5))

    people = table(figures(api_client, "response-times", **MARCH))
    assert people == {
        users["rep_n1"].id: {"first_response_median": 1.0, "first_response_average": 1.33, "resolution_median": 2.0,
                             "resolution_average": 2.0, "first_responses": 3, "resolutions": 1},
        # Two times: the median is the mean of both.
        users["rep_n2"].id: {"first_response_median": 1.0, "first_response_average": 1.0, "resolution_median": 10.0,
                             "resolution_average": 10.0, "first_responses": 2, "resolutions": 1},
    }
    teams = figures(api_client, "response-times", group="team", **MARCH)
    assert table(teams) == {
        units["north"].id: {"first_response_median": 1.0, "first_response_average": 1.0, "resolution_median": None,
                            "resolution_average": None, "first_responses": 2, "resolutions": 0},
        units["north1"].id: {"first_response_median": 1.5, "first_response_average": 1.5, "resolution_median": 2.0,
                             "resolution_average": 2.0, "first_responses": 2, "resolutions": 1},
        None: {"first_response_median": 1.0, "first_response_average": 1.0, "resolution_median": 10.0,
               "resolution_average": 10.0, "first_responses": 1, "resolutions": 1},
    }
    assert teams["categories"] == ["North", "North-1", "No team"]
    assert [s["table_only"] for s in teams["series"]] == [False, False, False, False, True, True]


def test_sla_compliance_counts_each_target_where_it_was_settled(service, api_client, tenant_session):
    policy = {"sla_policy_id": 1}
    # Both targets met in March.
    make_ticket(service, tenant_session, team="north1", first_response_at=at(5), resolved_at=at(6), **policy)
    # First response breached in March (answered later all the same); resolution still open.
    make_ticket(service, tenant_session, team="north1", first_response_breached_at=at(3), first_response_at=at(4),
                **policy)
    # First response met in February; resolution breached in March.
    make_ticket(service, tenant_session, first_response_at=at(25, month=2), resolution_breached_at=at(10), **policy)
    # No policy: no targets. Breached in February, answered in March: February's.
    make_ticket(service, tenant_session, team="north1", first_response_at=at(5))
    make_ticket(service, tenant_session, team="north1", first_response_breached_at=at(27, month=2),
                first_response_at=at(2), **policy)

    teams = table(figures(api_client, "sla-compliance", **MARCH))
    units = service.acme.units
    assert teams == {
        units["north1"].id: {"first_response_met_percent": 50.0, "resolution_met_percent": 100.0,
                             "first_response_measured": 2, "first_response_met": 1,
                             "resolution_measured": 1, "resolution_met": 1},
        None: {"first_response_met_percent": None, "resolution_met_percent": 0.0, "first_response_measured": 0,
               "first_response_met": 0, "resolution_measured": 1, "resolution_met": 0},
    }
    targets = figures(api_client, "sla-compliance", group="target", **MARCH)
    assert table(targets) == {"first_response": {"met_percent": 50.0, "measured": 2, "met": 1},
                              "resolution": {"met_percent": 50.0, "measured": 2, "met": 1}}
    assert targets["categories"] == ["First response", "Resolution"]


def test_the_backlog_buckets_open_tickets_by_age_and_priority(service, api_client, tenant_session):
    now = utcnow()
    for status, priority, age in (("open", "normal", timedelta(hours=2)), ("pending", "high", timedelta(days=2)),
                                  ("new", "urgent", timedelta(days=5)), ("open", "normal", timedelta(days=10)),
                                  ("open", "normal", timedelta(days=12)), ("open", "low", timedelta(days=40)),
                                  ("resolved", "normal", timedelta(days=40)), ("closed", "high", timedelta(days=3))):
        make_ticket(service, tenant_session, status=status, priority=priority, created_at=now - age)
    data = figures(api_client, "backlog", **MARCH)  # the period plays no part: the backlog is now's
    assert data["keys"] == ["under_1d", "1_3d", "3_7d", "7_30d", "over_30d"]
    assert table(data) == {
        "under_1d": {"low": 0, "normal": 1, "high": 0, "urgent": 0, "total": 1},
        "1_3d": {"low": 0, "normal": 0, "high": 1, "urgent": 0, "total": 1},
        "3_7d": {"low": 0, "normal": 0, "high": 0, "urgent": 1, "total": 1},
        "7_30d": {"low": 0, "normal": 2, "high": 0, "urgent": 0, "total": 2},
        "over_30d": {"low": 1, "normal": 0, "high": 0, "urgent": 0, "total": 1},
    }
    assert {s["stack"] for s in data["series"] if not s["table_only"]} == {"backlog"}


def add_survey(service, tenant_session, ticket_id, answered_at, score, tenant="acme"):
    """A survey on the ticket, answered at `answered_at` with `score` (None: not answered)."""
    with tenant_session(tenant) as session:
        session.add(Survey(ticket_id=ticket_id, customer_id=service[tenant].customers["n1_alpha"].id,
                           email="buyer@alpha.test", token_hash=f"{ticket_id}-{answered_at}-{score}",
                           expires_at=at(30), answered_at=answered_at if score else None, score=score))
        session.commit()


def test_satisfaction_per_week_averages_the_scores_and_counts_the_answers(service, api_client, tenant_session):
    ticket = make_ticket(service, tenant_session, status="closed")
    for answered_at, score in ((at(3), 5), (at(4), 4), (at(22, 23), 2), (at(23, 0), 1), (at(5), None),
                               (at(1, 9), 3)):
        add_survey(service, tenant_session, ticket, answered_at, score)
    add_survey(service, tenant_session, make_ticket(service, tenant_session, tenant="globex"), at(3), 1, "globex")

    data = figures(api_client, "satisfaction", **{"from": "2026-03-02", "to": "2026-03-22"})
    assert data["categories"] == ["2026-03-02", "2026-03-09", "2026-03-16"]
    assert table(data) == {"2026-03-02": {"average_score": 4.5, "answers": 2},
                           "2026-03-09": {"average_score": None, "answers": 0},
                           "2026-03-16": {"average_score": 2.0, "answers": 1}}
    assert [s["axis"] for s in data["series"]] == [0, 1]


def test_the_period_is_the_workspaces_local_days(service, api_client, tenant_session):
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"timezone": "Asia/Shanghai"}).status_code == 200
    responder = service.acme.users["rep_n1"].id
    # 1 March 23:30 in Shanghai is still February in UTC; 31 March 16:30 UTC is already April there.
    make_ticket(service, tenant_session, first_responder_id=responder, first_response_minutes=10,
                first_response_at=datetime(2026, 2, 28, 16, 30, tzinfo=timezone.utc))
    make_ticket(service, tenant_session, first_responder_id=responder, first_response_minutes=20,
                first_response_at=datetime(2026, 3, 31, 16, 30, tzinfo=timezone.utc))
    assert table(figures(api_client, "response-times", **MARCH))[responder]["first_response_average"] == round(10 / 60, 2)
    april = figures(api_client, "response-times", **{"from": "2026-04-01", "to": "2026-04-01"})
    assert table(april)[responder]["first_responses"] == 1


def test_without_a_period_the_last_30_days_count(service, api_client, tenant_session):
    responder = service.acme.users["rep_n1"].id
    for days_ago, minutes in ((0, 60), (29, 120), (31, 600)):
        make_ticket(service, tenant_session, first_responder_id=responder, first_response_minutes=minutes,
                    first_response_at=utcnow() - timedelta(days=days_ago))
    assert table(figures(api_client, "response-times"))[responder]["first_responses"] == 2


def test_an_empty_period_answers_empty_series(service, api_client):
    assert figures(api_client, "response-times", **MARCH) == {"categories": [], "keys": [], "series": [
        {"key": key, "name": name, "data": [], "stack": None, "axis": 0, "table_only": key.endswith("s")}
        for key, name in (("first_response_median", "First response, median (h)"),
                          ("first_response_average", "First response, average (h)"),
                          ("resolution_median", "Resolution, median (h)"),
                          ("resolution_average", "Resolution, average (h)"),
                          ("first_responses", "First responses"), ("resolutions", "Resolutions"))]}
    assert figures(api_client, "sla-compliance", **MARCH)["categories"] == []
    assert all(value == 0 for s in figures(api_client, "backlog")["series"] for value in s["data"])
    weeks = figures(api_client, "satisfaction", **MARCH)
    assert len(weeks["categories"]) == 6 and set(weeks["series"][1]["data"]) == {0}


def test_a_bad_period_is_a_field_error(service, api_client):
    client = api_client("acme", "admin")
    backwards = client.get(f"{API}/backlog", query_string={"from": "2026-03-10", "to": "2026-03-01"})
    assert backwards.status_code == 422 and "to" in backwards.json["error"]["fields"]
    too_long = client.get(f"{API}/satisfaction", query_string={"from": "2020-01-01", "to": "2026-03-01"})
    assert too_long.status_code == 422 and "from" in too_long.json["error"]["fields"]
    assert client.get(f"{API}/backlog", query_string={"from": "March"}).status_code == 422
    assert client.get(f"{API}/response-times", query_string={"group": "planet"}).status_code == 422
