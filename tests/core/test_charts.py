"""The product's one charting library: vendored ECharts served as a static file, the chart macro and its data shape."""
import re
from pathlib import Path

from flask import render_template_string

from crm_platform import sdk
from crm_platform.charts import ChartSchema, chart_has_values, chart_value

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "platform" / "crm_platform" / "static" / "vendor" / "echarts"
DATA = {"categories": ["Ann", "Bo"], "keys": [1, 2],
        "series": [{"key": "hours", "name": "Hours", "data": [1234.5, None]},
                   {"key": "tickets", "name": "Tickets", "data": [3, 0], "table_only": True}]}
MACRO = ('{% from "_charts.html" import chart, chart_scripts %}'
         '{{ chart("load", "bar", "Load", data, "/api/v1/load?x=1&y=2", "Person") }}{{ chart_scripts() }}')


def test_echarts_is_served_from_the_package_at_the_pinned_version(client):
    pinned = re.search(r"^VERSION=\$\{1:-([\d.]+)\}$", (ROOT / "scripts" / "vendor_echarts").read_text(), re.M).group(1)
    response = client.get("/static/vendor/echarts/echarts.min.js")
    assert response.status_code == 200 and "javascript" in response.content_type
    body = response.get_data(as_text=True)
    assert "Apache Software Foundation" in body[:600] and f'version:"{pinned}"' in body
    assert f"Apache ECharts {pinned} " in (VENDOR / "README.txt").read_text()
    assert "Apache License" in (VENDOR / "LICENSE").read_text() and "Apache ECharts" in (VENDOR / "NOTICE").read_text()
    assert client.get("/static/charts.js").status_code == 200


def test_the_macro_renders_the_container_the_table_and_the_scripts(app):
    with app.test_request_context():
        html = render_template_string(MACRO, data=DATA)
    assert 'class="crm-chart" data-chart="bar" data-chart-url="/api/v1/load?x=1&amp;y=2"' in html
    rows = re.findall(r'<tr><th scope="row">(\w+)</th>(.*?)</tr>', html)
    assert rows == [("Ann", '<td class="num">1,234.5</td><td class="num">3</td>'),
                    ("Bo", '<td class="num">–</td><td class="num">0</td>')]
    assert '<th scope="col" class="num">Tickets</th>' in html and "Show the numbers" in html
    assert re.findall(r'<script src="([^"]+)" defer></script>', html) == [
        "/static/vendor/echarts/echarts.min.js", "/static/charts.js"]


def test_a_page_with_a_table_of_its_own_leaves_out_the_numbers(app):
    own = MACRO.replace('"Person")', '"Person", numbers=false)')
    with app.test_request_context():
        html = render_template_string(own, data=DATA)
    assert 'class="crm-chart" data-chart="bar"' in html and "Show the numbers" not in html and "<table" not in html


def test_a_chart_with_nothing_to_draw_shows_the_empty_state(app):
    empty = {**DATA, "series": [{**DATA["series"][0], "data": [None, 0]}, DATA["series"][1]]}
    assert not chart_has_values(empty) and chart_has_values(DATA)
    with app.test_request_context():
        html = render_template_string(MACRO, data=empty)
    assert 'class="crm-chart"' not in html and "Nothing to show for this period." in html


def test_the_schema_keeps_counts_whole_and_values_in_the_readers_format(app):
    dumped = ChartSchema().dump(DATA)
    assert dumped["series"][1]["data"] == [3, 0] and dumped["series"][0]["data"] == [1234.5, None]
    assert dumped["series"][1]["table_only"] is True and dumped["keys"] == [1, 2]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert [chart_value(v) for v in (1234.5, 2, None, "x")] == ["1,234.5", "2", "–", "–"]
    assert {"ChartSchema", "ChartSeriesSchema"} <= set(sdk.__all__)
