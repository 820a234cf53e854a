"""The runs' routes keep to their workspace: another workspace's run is a 404, its counts never show."""
from datetime import date

from insights_runs_kit import add_purchases
from insights_walk import walk_feature

from plugins.customer_insights.runs import pipeline


def test_every_runs_route_keeps_to_its_workspace(insights, app, api_client, page_client, tenant_session):
    ids = {}
    for tenant, amount in (("acme", "10.00"), ("globex", "20.00")):
        add_purchases(insights, tenant_session, [("n1_alpha", date(2025, 5, 1), amount)], tenant=tenant)
        with tenant_session(tenant):
            ids[tenant] = {"run_id": pipeline.compute(date(2025, 6, 30)).id}
    assert walk_feature(app, insights, api_client, page_client, "runs", ids, {}) == 1

    listed = api_client("acme", "admin").get("/api/v1/insights/runs").json["items"]
    assert [run["id"] for run in listed] == [ids["acme"]["run_id"]]
    page = page_client("acme", "admin").get("/insights/runs/").get_data(as_text=True)
    assert f'id="run-{ids["acme"]["run_id"]}"' in page and f'id="run-{ids["globex"]["run_id"]}"' not in page
