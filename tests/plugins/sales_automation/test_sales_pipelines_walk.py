"""Every pipelines route, pages and API, answers another workspace's ids exactly like missing ones."""
from sales_pipelines_kit import make_deals
from sales_walk import walk_feature


def route_ids(tenant_session, world, tenant):
    pipeline_id, stages, (deal,) = make_deals(tenant_session, world, tenant,
                                              [("Walked", "n1_alpha", "rep_n1", "10.00", 1, None)])
    return {"pipeline_id": pipeline_id, "stage_id": stages[1], "opportunity_id": deal}


def bodies(ids):
    """A plausible body for every writing route (the stage and opportunity ids are acme's)."""
    stage = {"name": "Renamed", "probability": "30"}
    return {
        "sales/pipelines/opportunities/move": {"POST": {"stage_id": ids["stage_id"], "close_reason": "x"}},
        "sales/pipelines/opportunities/edit": {"POST": {"name": "Walk", "amount": "1.00", "currency": "CNY",
                                                        "forecast_category": "pipeline"}},
        "sales/pipelines/settings": {"POST": {"name": "Walk pipeline"}},
        "sales/pipelines/settings/move": {"POST": {"direction": "up"}},
        "sales/pipelines/settings/default": {"POST": {}},
        "sales/pipelines/settings/delete": {"POST": {}},
        "sales/pipelines/settings/stages": {"POST": stage},
        "sales/pipelines/settings/stages/move": {"POST": {"direction": "down"}},
        "sales/pipelines/settings/stages/delete": {"POST": {"move_to_id": ids["stage_id"]}},
        "sales/opportunities": {"PATCH": {"name": "Walk", "amount": "2.00"}},
        "sales/opportunities/move": {"POST": {"stage_id": ids["stage_id"], "close_reason": "x"}},
        "sales/pipelines": {"PATCH": {"name": "Walk pipeline", "is_default": True}},
        "sales/pipelines/stages": {"POST": {"name": "Walk stage", "probability": 30},
                                   "PATCH": {"name": "Walk stage", "probability": 30, "position": 0}},
    }


def test_every_pipelines_route_is_404_for_another_workspaces_ids(app, sales, api_client, page_client, tenant_session):
    ids = {tenant: route_ids(tenant_session, sales, tenant) for tenant in ("acme", "globex")}
    checked = walk_feature(app, sales, api_client, page_client, "pipelines", ids, bodies(ids["acme"]))
    assert checked >= 20


def test_a_rep_gets_the_same_404_for_a_deal_they_may_not_see(sales, api_client, page_client, tenant_session):
    _, stages, (hidden,) = make_deals(tenant_session, sales, "acme", [("Hidden", "s1", "rep_s1", "1.00", 0, None)])
    api, page = api_client("acme", "rep_n1"), page_client("acme", "rep_n1")
    for path in (f"/api/v1/sales/opportunities/{hidden}", f"/api/v1/sales/opportunities/{hidden}/history"):
        assert api.get(path).get_json() == api.get(path.replace(str(hidden), "12345")).get_json()
        assert api.get(path).status_code == 404
    moved = api.post(f"/api/v1/sales/opportunities/{hidden}/move", json={"stage_id": stages[1]})
    assert moved.status_code == 404
    for path in (f"/sales/pipelines/opportunities/{hidden}", f"/sales/pipelines/opportunities/{hidden}/edit"):
        assert page.get(path).status_code == 404
    assert page.post(f"/sales/pipelines/opportunities/{hidden}/move", data={"stage_id": stages[1]}).status_code == 404
