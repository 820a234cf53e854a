"""Every route of the dispatch feature, walked with the other workspace's ids: a 404 like a missing id, no write."""
from dispatch_support import DISPATCH, STANDIN, WITH_DISPATCH
from service_kit import make_ticket
from service_walk import walk_feature


@WITH_DISPATCH
def test_every_dispatch_route_keeps_to_its_workspace(service, app, api_client, page_client, tenant_session,
                                                     enable_plugin):
    ids = {}
    for tenant in ("acme", "globex"):
        enable_plugin(tenant, STANDIN)
        ids[tenant] = {"ticket_id": make_ticket(service, tenant_session, tenant=tenant, customer="house",
                                                assignee="admin")}
    DISPATCH.answer = None  # acme's own ticket finds nobody: nothing is written in either workspace
    bodies = {"service/tickets/dispatch": {"POST": {}}, "service/dispatch/tickets": {"POST": {}}}
    assert walk_feature(app, service, api_client, page_client, "dispatch", ids, bodies) == 2
