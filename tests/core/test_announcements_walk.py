"""The cross-tenant walk of the announcement pages and API: another workspace's announcement is a missing one."""
from collaboration_support import add_announcement
from crm_platform.testing.cross_tenant import walk_blueprints

BODIES = {
    "announcements": {"PATCH": {"title": "Renamed"}},
    "announcements/read": {"POST": {}},
    "announcements/edit": {"POST": {"title": "Renamed", "body": "Changed", "unit_id": ""}},
    "announcements/delete": {"POST": {}},
}


def test_another_workspaces_announcements_are_404_on_every_route(app, world, api_client, page_client,
                                                                tenant_session):
    ids = {slug: {"announcement_id": add_announcement(tenant_session, world, slug, title=f"{slug} notice")}
           for slug in ("acme", "globex")}
    clients = {"api": api_client("acme", "admin"), "page": page_client("acme", "admin")}
    walked = walk_blueprints(app, world, clients, {"announcements", "announcements_api"}, ids, BODIES)
    assert walked == 6
