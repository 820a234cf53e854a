"""The cross-tenant walk of the work log pages and API: another workspace's log is a missing one."""
from collaboration_support import add_work_log
from crm_platform.testing.cross_tenant import walk_blueprints

BODIES = {
    "work-logs": {"PATCH": {"body": "Changed"}},
    "work-logs/comments": {"POST": {"body": "Noted"}},
    "work-logs/edit": {"POST": {"body": "Changed"}},
}


def test_another_workspaces_work_logs_are_404_on_every_route(app, world, api_client, page_client, tenant_session):
    ids = {slug: {"work_log_id": add_work_log(tenant_session, world, slug, "admin", comment_by="executive")}
           for slug in ("acme", "globex")}
    clients = {"api": api_client("acme", "admin"), "page": page_client("acme", "admin")}
    walked = walk_blueprints(app, world, clients, {"work_logs", "work_logs_api"}, ids, BODIES)
    assert walked == 5
