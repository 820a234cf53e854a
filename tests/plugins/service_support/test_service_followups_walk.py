"""Every route of the return visits feature, walked with another workspace's ids: a 404 like a missing id, no write."""
from datetime import date

from service_followups_support import add_follow_up
from service_kit import make_ticket
from service_walk import walk_feature


def test_every_followups_route_keeps_to_its_workspace(service, app, tenant_session, api_client, page_client):
    ids = {}
    for tenant in ("acme", "globex"):
        ticket = make_ticket(service, tenant_session, tenant=tenant)
        ids[tenant] = {"follow_up_id": add_follow_up(tenant_session, service, date(2026, 5, 6), ticket_id=ticket,
                                                     tenant=tenant)}
    bodies = {
        "service/follow-ups/outcome": {"POST": {"result": "satisfied", "log_activity": True}},
        "service/followups": {"POST": {"result": "satisfied", "kind": "visit", "log_activity": "1"}},
    }
    walked = walk_feature(app, service, api_client, page_client, "followups", ids, bodies)
    assert walked == 3
