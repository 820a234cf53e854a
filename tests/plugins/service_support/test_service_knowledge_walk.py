"""Every route of the knowledge base and canned replies, walked with the other workspace's ids: 404, no write."""
from service_kit import make_ticket
from service_knowledge_kit import make_article, make_reply
from service_walk import walk_feature


def test_every_knowledge_route_keeps_to_its_workspace(service, app, api_client, page_client, tenant_session):
    ids, tickets = {}, {}
    for tenant in ("acme", "globex"):
        tickets[tenant] = make_ticket(service, tenant_session, tenant=tenant)
        ids[tenant] = {"article_id": make_article(tenant_session, tenant),
                       "reply_id": make_reply(service, tenant_session, tenant, body="{customer}")}
    bodies = {
        "service/articles": {"PATCH": {"title": "Renamed"}},
        "service/canned-replies": {"PATCH": {"title": "Renamed"}},
        "service/canned-replies/render": {"POST": {"ticket_id": tickets["acme"]}},
        "service/knowledge/articles/edit": {"POST": {"title": "Renamed", "body": "Text", "published": "1"}},
        "service/knowledge/articles/delete": {"POST": {}},
        "service/knowledge/replies/edit": {"POST": {"title": "Renamed", "body": "Text", "shared": "1"}},
        "service/knowledge/replies/delete": {"POST": {}},
    }
    walked = walk_feature(app, service, api_client, page_client, "knowledge", ids, bodies)
    assert walked == 8
