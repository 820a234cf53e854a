"""The reports pages: the index in the menu, each report's filters, charts fed by its API answer, and its tables."""
import re

import pytest

from tests.plugins.sales_automation import sales_reports_kit as kit


@pytest.fixture
def dataset(sales, tenant_session):
    kit.build(sales, tenant_session)
    return sales


def test_the_menu_leads_to_the_index_of_the_four_reports(page_client, dataset):
    client = page_client("acme", "rep_n1")
    assert 'href="/sales/reports/"' in client.get("/today/").get_data(as_text=True)
    index = client.get("/sales/reports/").get_data(as_text=True)
    for path in ("funnel", "win-rate", "performance", "collection"):
        assert f'href="/sales/reports/{path}"' in index


def test_a_report_page_draws_each_chart_from_its_part_of_the_api_answer(page_client, dataset):
    page = page_client("acme", "executive").get("/sales/reports/performance", query_string=kit.MARCH)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    url = "/api/v1/sales/reports/performance?from=2026-03-01&amp;to=2026-03-31"
    for name, kind in (("activities", "bar"), ("amounts", "bar"), ("attainment", "gauge")):
        assert re.search(rf'data-chart="{kind}" data-chart-url="{re.escape(url)}"[^>]*data-chart-pointer="/charts/'
                         rf'{name}"', html), name
    assert 'data-chart-max="100"' in html
    # The table beside the charts, with the totals row.
    table = html[html.index('id="report-performance"'):]
    assert "58.3" in table and "3,500.00" in table
    assert 'href="/sales/reports/performance?from=2026-03-01&amp;to=2026-03-31&amp;format=xlsx"' in html


def test_a_manager_filters_by_their_units_and_people_only(page_client, dataset):
    html = page_client("acme", "manager_north").get("/sales/reports/win-rate").get_data(as_text=True)
    assert 'name="unit_id"' in html and 'name="rep_id"' in html
    units = dataset.acme.units
    assert f'value="{units["north1"].id}"' in html and f'value="{units["south"].id}"' not in html
    assert f'value="{dataset.acme.users["rep_s1"].id}"' not in html
    rep = page_client("acme", "rep_n1").get("/sales/reports/win-rate").get_data(as_text=True)
    assert 'name="unit_id"' not in rep and 'name="rep_id"' not in rep


def test_a_bad_period_shows_the_problem_and_the_default_report(page_client, dataset):
    page = page_client("acme", "executive").get("/sales/reports/collection",
                                                query_string={"from": "2026-04-01", "to": "2026-03-01"})
    assert page.status_code == 400
    assert "The period ends before it starts." in page.get_data(as_text=True)


def test_the_api_documents_every_report(sales, client):
    doc = client.get("/api/openapi.json").json
    assert {f"/api/v1/sales/reports/{path}" for path in ("funnel", "win-rate", "performance", "collection")} <= set(
        doc["paths"])
    assert doc["paths"]["/api/v1/sales/reports/performance"]["get"]["summary"].startswith("Activities, customers")
    assert {"SalesReport", "SalesReportTable", "SalesReportChart"} <= set(
        doc["components"]["schemas"])


def test_the_report_pages_are_in_chinese_for_a_chinese_workspace(app, api_client, page_client, dataset):
    import i18n_support

    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    phrases, data = i18n_support.english_phrases(), i18n_support.user_data(app)
    client = page_client("acme", "manager_north")
    problems = {}
    for path in ("", "funnel", "win-rate", "performance", "collection"):
        page = client.get(f"/sales/reports/{path}", query_string={"from": "2026-03-01", "to": "2026-04-30"})
        assert page.status_code == 200, path
        found = i18n_support.english_in(i18n_support.visible_text(page.get_data(as_text=True), data), phrases)
        if found:
            problems[path] = found
    assert not problems, f"English text on zh_CN pages: {problems}"
    assert "月度业绩" in client.get("/sales/reports/performance").get_data(as_text=True)
