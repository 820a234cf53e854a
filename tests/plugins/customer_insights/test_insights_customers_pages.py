"""Per customer: the panel on the customer page, the customers-by-value page, the core list's filters, the widget."""
import re

import pytest
from insights_scores_kit import add_scores, table, the_world_computed

from crm_platform.testing.dashboard import rendered_widgets


@pytest.fixture
def computed(insights, tenant_session):
    the_world_computed(tenant_session, insights)
    return insights


def panel(page_client, world, user, key):
    """The text of each figure (data-figure) of the "Customer value" panel on customer `key`'s page."""
    html = page_client("acme", user).get(f"/customers/{world.acme.customers[key].id}").get_data(as_text=True)
    part = html[html.index("<strong>Customer value</strong>"):]
    part = part[:part.index("</article>")]
    return {name: " ".join(re.sub(r"<[^>]+>", " ", text).split())
            for name, text in re.findall(r'data-figure="(\w+)">(.*?)</(?:dd|small|strong|span|p)>', part, re.S)}


def test_the_panel_of_a_customer_on_the_edge(computed, page_client, enable_plugin):
    enable_plugin("acme", "customer_insights", settings={"strategy_leaving": "Call within a week.", "clv_months": 6})
    found = panel(page_client, computed, "rep_n1", "n1_alpha")
    assert found["layer"] == "On the edge of leaving" and found["strategy"] == "Service strategy: Call within a week."
    assert found["class"] == "Class A" and found["revenue"] == "Revenue in the period: CN¥400.00"
    assert found["rfm"] == "R4 F3 M5 · At risk"
    assert found["clv"] == "CN¥900.00 over the next 6 months"
    assert (found["p_alive"], found["expected_purchases"], found["cdi"]) == ("35%", "2.5", "60.0")
    assert found["last_purchase"] == "May 2, 2026 5 purchases in all"
    assert found["as_of"] == "As of November 30, 2026."


def test_the_panel_of_a_customer_who_never_bought(computed, page_client):
    found = panel(page_client, computed, "admin", "house")
    assert found["layer"] == "Onlookers" and found["strategy"].startswith("Service strategy: Turn interest")
    assert found["class"] == "No class (nothing bought in the period)" and found["revenue"].endswith("CN¥0.00")
    assert (found["rfm"], found["clv"].split()[0], found["p_alive"], found["cdi"]) == ("–", "–", "–", "–")
    assert found["last_purchase"] == "Never"


def test_the_panel_says_when_the_models_could_not_be_fitted(insights, tenant_session, page_client):
    left_out = {"left_out": {"clv": {"reason": "too_few_repeat_buyers", "text": "...", "repeat_buyers": 4}}}
    add_scores(tenant_session, insights, models=left_out)
    # north_mgr has no lifetime value: the note says why there is none; n1_alpha has one and no note.
    assert "could not fit the lifetime value models" in panel(page_client, insights, "manager_north",
                                                              "north_mgr")["no_models"]
    assert "no_models" not in panel(page_client, insights, "manager_north", "n1_alpha")


def test_the_panel_before_a_computation_included_the_customer(insights, tenant_session, page_client):
    add_scores(tenant_session, insights, figures={})
    found = panel(page_client, insights, "rep_n1", "n1_beta")
    assert found == {"none": "Not computed yet: this customer has no figures until the next computation."}


def test_the_customers_by_value_page_within_sight(computed, page_client):
    client = page_client("acme", "rep_n1")
    rows = table(client.get("/insights/customers/").get_data(as_text=True), "insights-customers")
    assert rows[0][:3] == ["Customer", "Owner", "Class"]
    # Largest lifetime value first: Beta Foods 1500, Alpha Trading 900, Epsilon Media 800 (shared).
    assert [row[0] for row in rows[1:]] == ["Beta Foods", "Alpha Trading", "Epsilon Media"]
    assert rows[2][1:] == ["Rep N1", "A", "At risk", "On the edge of leaving", "CN¥400.00", "CN¥900.00", "35%",
                           "60.0", "May 2, 2026"]
    picked = table(client.get("/insights/customers/?segment=champions&sort=-revenue").get_data(as_text=True),
                   "insights-customers")
    assert [row[0] for row in picked[1:]] == ["Beta Foods", "Epsilon Media"]
    first = client.get("/insights/customers/?limit=2").get_data(as_text=True)
    cursor = re.search(r'href="/insights/customers/\?cursor=([^&"]+)&amp;limit=2"', first).group(1)
    second = table(client.get(f"/insights/customers/?limit=2&cursor={cursor}").get_data(as_text=True),
                   "insights-customers")
    assert [row[0] for row in second[1:]] == ["Epsilon Media"]


def test_the_customers_by_value_page_refuses_bad_filters(computed, page_client):
    response = page_client("acme", "rep_n1").get("/insights/customers/?layer=gold")
    assert response.status_code == 400 and "Some filters are not valid" in response.get_data(as_text=True)
    assert page_client("acme", "rep_n1").get("/insights/customers/?cursor=nope").status_code == 400


@pytest.mark.parametrize("user, query, expected", [
    ("admin", "insights_class=A", ["Alpha Trading", "Delta Shipping", "Gamma Tools", "Beta Foods"]),
    ("admin", "insights_class=A&insights_layer=leaving", ["Alpha Trading", "Delta Shipping"]),
    ("rep_n1", "insights_class=A", ["Alpha Trading", "Beta Foods"]),
    ("rep_n1", "insights_segment=champions", ["Beta Foods", "Epsilon Media"]),
    ("manager_north", "insights_layer=new", ["Zeta Energy"]),
    ("rep_n2", "insights_layer=leaving", []),
    ("executive", "insights_layer=onlooker&status=signed", ["Eta Holdings"]),
])
def test_the_core_customer_list_filters_by_class_segment_and_layer(computed, api_client, user, query, expected):
    items = api_client("acme", user).get(f"/api/v1/customers?{query}&limit=200").get_json()["items"]
    assert sorted(item["name"] for item in items) == sorted(expected)
    count = api_client("acme", user).get(f"/api/v1/customers/count?{query}").get_json()["count"]
    assert count == len(expected)


def test_the_core_list_refuses_a_value_naming_the_filter(computed, api_client, enable_plugin):
    refused = api_client("acme", "admin").get("/api/v1/customers?insights_class=Z")
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"] == {"insights_class": ["Z is not one of this filter's values."]}
    # The segments offered are the workspace's own (its rules), and "other".
    enable_plugin("acme", "customer_insights", settings={"segments": "best: R5\nrest: R1-4"})
    assert api_client("acme", "admin").get("/api/v1/customers?insights_segment=best").status_code == 200
    assert api_client("acme", "admin").get("/api/v1/customers?insights_segment=champions").status_code == 422


def test_the_core_list_page_shows_the_filters(computed, page_client):
    html = page_client("acme", "rep_n1").get("/customers/?insights_layer=leaving").get_data(as_text=True)
    assert '<select name="insights_class"' in html and '<option value="A">Class A</option>' in html
    assert '<option value="champions">Champions</option>' in html
    assert '<option value="leaving" selected>On the edge of leaving</option>' in html
    assert "Alpha Trading" in html and "Beta Foods" not in html
    assert '<input type="hidden" name="filter_insights_layer" value="leaving">' in html


def test_an_export_of_the_filtered_list(computed, api_client, jobs):
    rep = api_client("acme", "rep_n1")
    started = rep.post("/api/v1/exports", json={"module_filters": {"insights_class": "A"}})
    assert started.status_code == 202
    jobs.work()
    job = rep.get(f"/api/v1/jobs/{started.get_json()['id']}").get_json()
    names = [line.split(",")[1] for line in rep.get(f"/api/v1/exports/{job['id']}/download").get_data()
             .decode("utf-8-sig").splitlines()[1:]]
    assert sorted(names) == ["Alpha Trading", "Beta Foods"]


def test_its_dashboard_widgets_have_its_prefix_and_render_for_every_role(app, computed):
    from plugins.customer_insights.plugin import crm_dashboard_widgets

    found = rendered_widgets(app, computed.acme, crm_dashboard_widgets, "insights.")
    assert found == {"admin": ["insights.pyramid"], "manager_north": ["insights.pyramid"],
                     "rep_n1": ["insights.pyramid"]}


def test_the_widget_shows_the_viewers_pyramid(computed, page_client):
    html = page_client("acme", "manager_north").get("/dashboard/").get_data(as_text=True)
    widget = html[html.index('data-widget="insights.pyramid"'):]
    counts = dict(re.findall(r'<li data-layer="(\w+)">.*?<strong>(\d+)</strong>', widget[:widget.index("</ul>")]))
    assert counts == {"advocate": "0", "core": "1", "regular": "1", "inactive": "0", "new": "1", "leaving": "1",
                      "onlooker": "0", "lost": "0"}
    assert "1 class A customer on the edge of leaving" in widget
    assert 'href="/insights/customers/?abc_class=A&amp;layer=leaving&amp;sort=-revenue"' in widget
    rep_n2 = page_client("acme", "rep_n2").get("/dashboard/").get_data(as_text=True)
    assert "No class A customer is on the edge of leaving." in rep_n2
