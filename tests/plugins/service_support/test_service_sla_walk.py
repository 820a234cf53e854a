"""Every route of the SLA feature, walked with the other workspace's ids: a 404 like a missing id, no write."""
from service_kit import make_ticket
from service_sla_support import add_policy
from service_walk import walk_feature


def test_every_sla_route_keeps_to_its_workspace(service, app, api_client, page_client, tenant_session):
    ids = {}
    for tenant in ("acme", "globex"):
        policy_id = add_policy(tenant_session, tenant=tenant)
        ids[tenant] = {"policy_id": policy_id,
                       "ticket_id": make_ticket(service, tenant_session, tenant=tenant, sla_policy_id=policy_id)}
    policy = {"name": "Changed", "first_response_minutes": "30", "resolution_minutes": "300",
              "warn_before_minutes": "20", "escalation": "notify_manager", "active": "on"}
    bodies = {
        "service/sla-policies": {"PATCH": {"name": "Changed"}},
        "service/sla/edit": {"POST": policy},
        "service/sla/delete": {"POST": {}},
    }
    walked = walk_feature(app, service, api_client, page_client, "sla", ids, bodies)
    assert walked == 4
