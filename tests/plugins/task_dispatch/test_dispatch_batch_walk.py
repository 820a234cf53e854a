"""Every route of batch optimisation, walked with another workspace's ids: a 404 like a missing id, no write."""
from dispatch_batch_kit import batch_world
from dispatch_walk import walk_feature

from crm_platform.sdk import User

from plugins.task_dispatch.batch import service


def test_every_batch_route_keeps_to_its_workspace(dispatch, app, tenant_session, api_client, page_client):
    ids = {}
    for tenant in ("acme", "globex"):
        task_ids = batch_world(dispatch, tenant_session, tenant=tenant)
        with tenant_session(tenant, dispatch[tenant].users["admin"]) as session:
            batch = service.preview_batch(session.get(User, dispatch[tenant].users["admin"].id), task_ids)
            ids[tenant] = {"batch_id": batch.id}
    bodies = {
        "dispatch/batch/commit": {"POST": {"confirm": "1"}},
        "dispatch/batches/commit": {"POST": {}},
    }
    walked = walk_feature(app, dispatch, api_client, page_client, "batch", ids, bodies)
    assert walked == 4
