"""Every reports route, pages and API, in a world where both workspaces hold the report data set.

The reports' routes take no ids in their paths (the walk finds none to swap); the
ids they take are the unit and rep filters in the query string, whose walk is the
second test: another workspace's id reads exactly as a missing one.
"""
from tests.plugins.sales_automation import sales_reports_kit as kit
from tests.plugins.sales_automation.sales_walk import walk_feature


def test_the_walk_of_every_reports_route(sales, app, api_client, page_client, tenant_session):
    kit.build(sales, tenant_session)
    ids = {tw.slug: {"unit_id": tw.units["north"].id, "rep_id": tw.users["rep_n1"].id} for tw in sales.tenants}
    walked = walk_feature(app, sales, api_client, page_client, "reports", ids, {})
    assert walked == 0


def test_another_workspaces_unit_or_rep_reads_as_a_missing_one(sales, api_client, page_client, tenant_session):
    kit.build(sales, tenant_session)
    acme, globex = sales.acme, sales.globex
    for name in ("funnel", "win-rate", "performance", "collection"):
        for key, foreign in (("unit_id", globex.units["north"].id), ("rep_id", globex.users["rep_n1"].id)):
            answers = [api_client("acme", "executive").get(f"/api/v1/sales/reports/{name}",
                                                           query_string={key: value})
                       for value in (foreign, 999999)]
            assert [answer.status_code for answer in answers] == [422, 422]
            assert answers[0].get_json() == answers[1].get_json()
            assert key in answers[0].get_json()["error"]["fields"]
            pages = [page_client("acme", "executive").get(f"/sales/reports/{name}", query_string={key: value})
                     for value in (foreign, 999999)]
            assert [page.status_code for page in pages] == [400, 400]
            message = (b"Choose one of your org units." if key == "unit_id"
                       else b"Choose someone whose figures you see.")
            assert all(message in page.data for page in pages)
        mine = api_client("acme", "executive").get(f"/api/v1/sales/reports/{name}",
                                                   query_string={"rep_id": acme.users["rep_n1"].id})
        assert mine.status_code == 200
