"""Every route of the surveys feature, walked with the other workspace's ids: a 404 like a missing id, no write.

The public page's routes carry a token, not an id; test_service_surveys_link.py
shows that another workspace's, a guessed and a disabled module's token are 404.
"""
import secrets

from service_followups_support import add_survey
from service_kit import make_ticket
from service_walk import walk_feature


def test_every_surveys_route_keeps_to_its_workspace(service, app, tenant_session, api_client, page_client):
    ids = {}
    for tenant in ("acme", "globex"):
        ticket = make_ticket(service, tenant_session, tenant=tenant, status="resolved", contact="n1_alpha")
        ids[tenant] = {"survey_id": add_survey(tenant_session, service, secrets.token_urlsafe(32), ticket,
                                               tenant=tenant)}
    walked = walk_feature(app, service, api_client, page_client, "surveys", ids, {})
    assert walked == 1
