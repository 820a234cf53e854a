"""The metrics routes keep to their workspace: no route takes an id, and the other workspace's tickets, units and
surveys never reach a figure."""
from datetime import datetime, timezone

from service_kit import make_ticket
from service_walk import walk_feature

API = "/api/v1/service/metrics"
ROUTES = ("response-times", "response-times?group=team", "sla-compliance", "sla-compliance?group=target",
          "backlog", "satisfaction")
ANSWERED = datetime(2026, 3, 9, 10, tzinfo=timezone.utc)


def counted(data):
    """The sum of every value of a ChartSchema answer (what a leak would change)."""
    return sum(value or 0 for series in data["series"] for value in series["data"])


def test_every_metrics_route_keeps_to_its_workspace(service, app, api_client, page_client, tenant_session):
    ids = {}
    for tenant in ("acme", "globex"):
        ids[tenant] = {"ticket_id": make_ticket(service, tenant_session, tenant=tenant, team="north1", sla_policy_id=1,
                                                first_responder_id=service[tenant].users["rep_n1"].id,
                                                first_response_minutes=60, first_response_at=ANSWERED)}
    # Nothing takes an id: the walk has no route to try another workspace's ids on.
    assert walk_feature(app, service, api_client, page_client, "metrics", ids, {}) == 0

    client = api_client("acme", "admin")
    period = "from=2026-03-01&to=2026-03-31"
    mine = {route: counted(client.get(f"{API}/{route}{'&' if '?' in route else '?'}{period}").json)
            for route in ROUTES}
    # A second, busier globex changes none of acme's figures.
    for _ in range(3):
        make_ticket(service, tenant_session, tenant="globex", first_response_at=ANSWERED, first_response_minutes=5,
                    first_responder_id=service.globex.users["rep_n1"].id, sla_policy_id=1)
    assert {route: counted(client.get(f"{API}/{route}{'&' if '?' in route else '?'}{period}").json)
            for route in ROUTES} == mine
    # Globex's unit filters acme's figures like a unit that does not exist.
    other = client.get(f"{API}/backlog", query_string={"unit_id": service.globex.units["north1"].id})
    missing = client.get(f"{API}/backlog", query_string={"unit_id": 2**40 + 1})
    assert other.status_code == missing.status_code == 422 and other.json == missing.json
    page = page_client("acme", "admin").get("/service/metrics/", query_string={"unit_id": service.globex.units["north"].id})
    assert page.status_code == 400 and "Choose one of your org units." in page.get_data(as_text=True)
