"""Every route of the tasks feature, walked with another workspace's ids: a 404 like a missing id, no write."""
from dispatch_tasks_kit import make_task
from dispatch_walk import walk_feature


def test_every_tasks_route_keeps_to_its_workspace(dispatch, app, tenant_session, api_client, page_client):
    ids = {}
    for tenant in ("acme", "globex"):
        users = dispatch[tenant].users
        task = make_task(dispatch, tenant_session, tenant=tenant, status="assigned", assignee_id=users["rep_n1"].id,
                         customer_id=dispatch[tenant].customers["n1_alpha"].id)
        ids[tenant] = {"task_id": task.id}
    bodies = {
        "dispatch/tasks": {"PATCH": {"title": "Changed"}},
        "dispatch/tasks/status": {"POST": {"status": "in_progress"}},
        "dispatch/tasks/rating": {"POST": {"rating": 4}},
        "dispatch/tasks/edit": {"POST": {"title": "Changed", "priority": "high", "effort": "2"}},
        "dispatch/tasks/start": {"POST": {}},
        "dispatch/tasks/finish": {"POST": {"outcome": "Fixed"}},
        "dispatch/tasks/cancel": {"POST": {}},
        "dispatch/tasks/rate": {"POST": {"rating": "4"}},
    }
    walked = walk_feature(app, dispatch, api_client, page_client, "tasks", ids, bodies)
    assert walked == 9
