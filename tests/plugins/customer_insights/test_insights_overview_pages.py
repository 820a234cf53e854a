"""The insights page (/insights/overview/): its tables hold the figures of the viewer's customers only.

Each chart fetches the overview API and sits beside the table of the same numbers;
the tests read the tables (insights_scores_kit.table) and the charts' containers.
"""
import re

import pytest
from insights_scores_kit import table, the_world_computed

PAGE = "/insights/overview/"


@pytest.fixture
def computed(insights, tenant_session):
    the_world_computed(tenant_session, insights)
    return insights


def page(page_client, user, query="", status=200):
    response = page_client("acme", user).get(PAGE + query)
    assert response.status_code == status
    return response.get_data(as_text=True)


def test_the_pyramid_and_classes_of_a_rep(computed, page_client):
    html = page(page_client, "rep_n1")
    pyramid = table(html, "pyramid-table")
    assert pyramid[0] == ["Layer", "Customers", "Share", "Of them class A", "Service strategy"]
    assert [row[:4] for row in pyramid[1:]] == [
        ["Advocates", "1", "33.3%", "0"], ["Core customers", "1", "33.3%", "1"], ["Active regulars", "0", "0%", "0"],
        ["Inactive customers", "0", "0%", "0"], ["New customers", "0", "0%", "0"],
        ["On the edge of leaving", "1", "33.3%", "1"], ["Onlookers", "0", "0%", "0"],
        ["Lost customers", "0", "0%", "0"]]
    assert pyramid[6][4].startswith("Act now: call them")
    assert table(html, "classes-table")[1:] == [["Class A", "2", "66.7%", "CN¥600.00", "85.7%"],
                                                ["Class B", "1", "33.3%", "CN¥100.00", "14.3%"],
                                                ["Class C", "0", "0%", "CN¥0.00", "0%"]]
    assert "Figures as of November 30, 2026" in html and "Only the customers you may see are counted." in html


def test_the_charts_are_fed_by_the_api_beside_their_tables(computed, page_client):
    html = page(page_client, "admin")
    for kind, pointer in (("pyramid", "/pyramid/chart"), ("bar", "/classes/chart"), ("bar", "/segments/chart")):
        assert (f'data-chart="{kind}" data-chart-url="/api/v1/insights/overview" '
                f'data-chart-pointer="{pointer}"') in html
    assert 'data-chart="line" data-chart-url="/api/v1/insights/pareto" data-chart-pointer="/chart"' in html
    assert ('data-chart="sankey" data-chart-url="/api/v1/insights/transitions?from=2026-10&amp;to=2026-11" '
            'data-chart-pointer="/chart"') in html
    assert table(html, "pareto-chart-numbers")[1:] == [
        ["0%", "0", "80", "95"], ["16.7%", "40", "80", "95"], ["33.3%", "60", "80", "95"], ["50%", "75", "80", "95"],
        ["66.7%", "85", "80", "95"], ["83.3%", "95", "80", "95"], ["100%", "100", "80", "95"]]
    assert re.search(r"66\.7% of your customers bring 80% of the revenue;\s+83\.3% bring 95%\.", html)
    segments = dict(row for row in table(html, "segments-chart-numbers")[1:])
    assert segments["Champions"] == "2" and segments["At risk"] == "2" and segments["Loyal"] == "1"
    assert '<script src="/static/vendor/echarts/echarts.min.js" defer></script>' in html


def test_the_customers_to_act_on(computed, page_client, api_client):
    admin = table(page(page_client, "admin"), "act-on-table")
    # Class A on the edge of leaving, largest revenue first: n1_alpha (400), s1 (100).
    assert [row[:3] for row in admin[1:]] == [["Alpha Trading", "Rep N1", "CN¥400.00"],
                                              ["Delta Shipping", "Rep S1", "CN¥100.00"]]
    assert admin[1][3:] == ["CN¥900.00", "35%", "May 2, 2026"]
    html = page(page_client, "rep_n1")
    assert [row[0] for row in table(html, "act-on-table")[1:]] == ["Alpha Trading"]
    assert "1 class A customer is on the edge of leaving." in html
    assert 'href="/insights/customers/?sort=-revenue&amp;abc_class=A&amp;layer=leaving"' in html
    assert 'href="/customers/?insights_class=A&amp;insights_layer=leaving"' in html
    rep_n2 = page(page_client, "rep_n2")
    assert "0 class A customers are on the edge of leaving." in rep_n2 and 'id="act-on-table"' not in rep_n2


def test_the_moves_between_two_months_chosen(computed, page_client):
    html = page(page_client, "manager_north", "?from=2026-09&to=2026-11")
    rows = {row[0]: row[1:] for row in table(html, "transitions-table")}
    assert rows["From / to"][-1] == "Total" and rows["From / to"][5] == "On the edge of leaving"
    # Core then: n1_alpha to leaving, n1_beta stayed; north_mgr was not in September's snapshot.
    assert rows["Core customers"] == ["0", "1", "0", "0", "0", "1", "0", "0", "2"]
    assert rows["Not in the first month"] == ["0", "0", "0", "0", "1", "0", "0", "0", "1"]
    assert "1 customer changed layer;" in html and "2 stayed in their layer." in html
    assert "1 was not a customer yet." in html
    assert '<option value="2026-09" selected>2026-09</option>' in html


def test_a_bad_month_says_why_and_shows_the_default_months(computed, page_client):
    html = page(page_client, "rep_n1", "?from=2026-13", status=400)
    assert "Enter a month from 1970 to 2999 as YYYY-MM, e.g. 2026-03." in html
    assert "From the end of 2026-10 to the end of 2026-11:" in html
    assert "There is no snapshot before 2026-09." in page(page_client, "rep_n1", "?to=2026-09", status=400)


def test_nothing_computed_yet(insights, page_client, app):
    rep = page(page_client, "rep_n1")
    assert "Nothing has been computed yet." in rep and "Compute the figures" not in rep
    assert 'id="pyramid-table"' not in rep and "need two monthly snapshots" in rep
    # Those who may compute are led to the runs page, once the runs feature serves it.
    admin = page(page_client, "admin")
    assert ("Compute the figures" in admin) == ("insights_runs.index" in app.view_functions)


def test_figures_but_none_of_the_viewers(insights, tenant_session, page_client):
    from insights_scores_kit import add_scores

    add_scores(tenant_session, insights, figures={"s1": ("100.00", "A", "at_risk", "leaving", None, None, None,
                                                         None)})
    assert "None of the customers you may see has figures yet." in page(page_client, "rep_n2")
    assert table(page(page_client, "rep_s1"), "pyramid-table")[6][:2] == ["On the edge of leaving", "1"]


def test_the_menu_entry_for_every_signed_in_user_of_a_workspace_with_the_module(insights, page_client,
                                                                                  enable_plugin):
    entry = '<a href="/insights/overview/" >Customer value</a>'
    for user in ("rep_n1", "admin", "manager_south"):
        assert entry in page_client("acme", user).get("/customers/").get_data(as_text=True)
    enable_plugin("globex", "customer_insights", enabled=False)
    assert entry not in page_client("globex", "rep_n1").get("/customers/").get_data(as_text=True)
    assert page_client("globex", "rep_n1").get(PAGE).status_code == 404


def test_the_page_in_chinese(computed, app, api_client, page_client):
    from i18n_support import english_in, english_phrases, user_data, visible_text

    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    for url in (PAGE, PAGE + "?from=2026-09&to=2026-11", "/insights/customers/", "/dashboard/",
                f"/customers/{computed.acme.customers['n1_alpha'].id}"):
        html = page_client("acme", "rep_n1").get(url).get_data(as_text=True)
        assert '<html lang="zh-CN">' in html
        assert not english_in(visible_text(html, user_data(app)), english_phrases()), url
    html = page_client("acme", "rep_n1").get(PAGE).get_data(as_text=True)
    assert "客户忠诚度金字塔" in html and "濒临流失" in html and "帕累托曲线" in html


def test_everyone_is_led_to_how_the_figures_are_made(computed, page_client, app):
    html = page(page_client, "rep_n1")
    # The rules and runs features serve these pages (read-only for a rep); the links follow them.
    for endpoint, url in (("insights_rules.index", "/insights/rules/"), ("insights_runs.index", "/insights/runs/")):
        assert (f'href="{url}"' in html) == (endpoint in app.view_functions)
