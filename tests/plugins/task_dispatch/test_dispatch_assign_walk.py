"""Every route of the assign feature, walked with another workspace's ids: a 404 like a missing id, no write."""
from dispatch_scoring_kit import add_profile, make_task
from dispatch_walk import walk_feature


def test_every_assign_route_keeps_to_its_workspace(dispatch, app, tenant_session, api_client, page_client):
    ids = {}
    for tenant in ("acme", "globex"):
        users = dispatch[tenant].users
        with tenant_session(tenant) as session:
            add_profile(session, users["rep_n1"].id)
            task = make_task(session, users["admin"].id, due=None,
                             customer_id=dispatch[tenant].customers["n1_alpha"].id)
            session.commit()
            ids[tenant] = {"task_id": task.id}
    rep = dispatch.acme.users["rep_n1"].id
    bodies = {
        "dispatch/tasks/assign": {"POST": {"user_id": rep, "reason": "Walk"}},
        "dispatch/assign/tasks": {"POST": {"user_id": str(rep), "reason": "Walk"}},
    }
    walked = walk_feature(app, dispatch, api_client, page_client, "assign", ids, bodies)
    assert walked == 5
