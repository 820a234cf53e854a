"""The board's routes keep to their workspace: no route takes an id, and nothing of the other workspace shows."""
from dispatch_board_kit import make_assignment
from dispatch_tasks_kit import make_profile, make_task
from dispatch_walk import walk_feature

API = "/api/v1/dispatch"


def test_every_board_route_keeps_to_its_workspace(dispatch, app, api_client, page_client, tenant_session):
    ids = {}
    for tenant in ("acme", "globex"):
        make_profile(dispatch, tenant_session, "rep_n1", tenant=tenant, capacity=3)
        task = make_task(dispatch, tenant_session, tenant=tenant, title=f"{tenant} boiler", region="North",
                         customer_id=dispatch[tenant].customers["n1_alpha"].id)
        held = make_task(dispatch, tenant_session, tenant=tenant, status="assigned", effort=2,
                         assignee_id=dispatch[tenant].users["rep_n1"].id)
        make_assignment(dispatch, tenant_session, held, "rep_n1", tenant=tenant)
        ids[tenant] = {"task_id": task.id}
    # Nothing takes an id in its path: the walk has no route to try another workspace's ids on.
    assert walk_feature(app, dispatch, api_client, page_client, "board", ids, {}) == 0

    client = api_client("acme", "admin")
    board = client.get(f"{API}/board").json
    assert [item["title"] for item in board["items"]] == ["acme boiler"]
    mine = client.get(f"{API}/workload").json
    # A busier globex changes none of acme's figures.
    for _ in range(3):
        extra = make_task(dispatch, tenant_session, tenant="globex", status="assigned", effort=1,
                          assignee_id=dispatch.globex.users["rep_n1"].id)
        make_assignment(dispatch, tenant_session, extra, "rep_n1", tenant="globex")
    assert client.get(f"{API}/workload").json == mine
    assert [row["open_effort"] for row in mine["people"]] == [2]
    page = page_client("acme", "admin").get("/dispatch/board/").get_data(as_text=True)
    assert "acme boiler" in page and "globex boiler" not in page
