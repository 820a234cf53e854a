"""Every route of the tickets feature, walked with the other workspace's ids: a 404 like a missing id, no write."""
from service_kit import make_ticket
from service_tickets_kit import upload
from service_walk import walk_feature


def test_every_tickets_route_keeps_to_its_workspace(service, app, api_client, page_client, tenant_session):
    ids = {}
    for tenant in ("acme", "globex"):
        ticket = make_ticket(service, tenant_session, tenant=tenant, status="open")
        attachment = upload(api_client(tenant, "admin"), ticket)
        assert attachment.status_code == 201, attachment.json
        ids[tenant] = {"ticket_id": ticket, "attachment_id": attachment.json["id"]}
    bodies = {
        "service/tickets": {"PATCH": {"priority": "high"}},
        "service/tickets/edit": {"POST": {"subject": "Renamed", "channel": "phone", "category": "inquiry",
                                          "priority": "normal"}},
        "service/tickets/status": {"POST": {"status": "pending"}},
        "service/tickets/messages": {"POST": {"kind": "note", "body": "Called the site"}},
        "service/tickets/attachments": {"POST": {}},
        "service/tickets/attachments/delete": {"POST": {}},
    }
    walked = walk_feature(app, service, api_client, page_client, "tickets", ids, bodies)
    assert walked == 13
