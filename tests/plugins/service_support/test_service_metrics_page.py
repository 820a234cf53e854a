"""The metrics page: ECharts from the static path, each chart's table holding its API endpoint's numbers."""
import re
from datetime import datetime, timezone

from service_kit import make_ticket

from crm_platform.sdk import utcnow
from plugins.service_support.models import Survey

PAGE = "/service/metrics/"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
CHARTS = ("times-person", "times-team", "sla-target", "sla-team", "backlog", "satisfaction")


def busy_march(service, tenant_session):
    """Tickets that give every chart of March something to draw."""
    users, answered = service.acme.users, datetime(2026, 3, 10, 9, tzinfo=timezone.utc)
    for minutes, responder, team in ((45, "rep_n1", "north1"), (200, "rep_n2", "north"), (75, "rep_n1", None)):
        ticket = make_ticket(service, tenant_session, team=team, status="resolved", sla_policy_id=1,
                             first_responder_id=users[responder].id, first_response_minutes=minutes,
                             first_response_at=answered, resolver_id=users[responder].id,
                             resolution_minutes=minutes * 3, resolved_at=answered,
                             first_response_breached_at=answered if minutes > 100 else None)
        with tenant_session("acme") as session:
            session.add(Survey(ticket_id=ticket, customer_id=service.acme.customers["n1_alpha"].id,
                               email="buyer@alpha.test", token_hash=f"hash-{ticket}", expires_at=answered,
                               answered_at=answered, score=minutes % 5 + 1))
            session.commit()
    make_ticket(service, tenant_session, status="open", priority="high", created_at=utcnow())


def numbers_table(html, chart_id):
    """[[row label, value...]] of a chart's table of numbers ("–" for none)."""
    body = re.search(rf'<table[^>]*id="{chart_id}-numbers">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", body, re.S)
    return [[label, *re.findall(r'<td class="num">(.*?)</td>', cells)] for label, cells in rows]


def as_cell(value):
    """How the table writes an API value, in English."""
    if value is None:
        return "–"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


def test_each_table_holds_the_numbers_its_chart_draws(service, page_client, tenant_session):
    busy_march(service, tenant_session)
    client = page_client("acme", "admin")
    html = client.get(PAGE, query_string=MARCH).get_data(as_text=True)
    urls = dict(re.findall(r'<section class="crm-chart-block" id="([\w-]+)".*?data-chart-url="([^"]+)"', html, re.S))
    assert set(urls) == set(CHARTS)
    for chart_id, url in urls.items():
        url = url.replace("&amp;", "&")
        assert "from=2026-03-01" in url and "to=2026-03-31" in url
        data = client.get(url).json  # the browser's own session fetches them
        expected = [[category, *(as_cell(series["data"][row]) for series in data["series"])]
                    for row, category in enumerate(data["categories"])]
        assert numbers_table(html, chart_id) == expected, chart_id
    assert numbers_table(html, "times-person")[0][1:] == ["1", "1", "3", "3", "2", "2"]


def test_the_page_loads_echarts_from_the_static_files_and_runs_no_inline_script(service, page_client):
    html = page_client("acme", "manager_north").get(PAGE).get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert [attributes.split('src="')[1].split('"')[0] for attributes, _body in scripts] == [
        "/static/crm.js", "/static/vendor/echarts/echarts.min.js", "/static/charts.js"]
    assert all(not body.strip() for _attributes, body in scripts)
    assert "onload" not in html and "javascript:" not in html


def test_an_empty_period_shows_an_empty_state_for_every_chart(service, page_client):
    response = page_client("acme", "executive").get(PAGE, query_string=MARCH)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="crm-chart"' not in html
    assert html.count("Nothing to show for this period.") == len(CHARTS)


def test_the_default_period_is_the_last_30_days(service, page_client):
    from datetime import date, timedelta

    html = page_client("acme", "admin").get(PAGE).get_data(as_text=True)
    today = date.today()
    assert f'value="{today.isoformat()}"' in html or f'value="{(today - timedelta(days=1)).isoformat()}"' in html
    start = re.search(r'name="from" value="([\d-]+)"', html).group(1)
    end = re.search(r'name="to" value="([\d-]+)"', html).group(1)
    assert (date.fromisoformat(end) - date.fromisoformat(start)).days == 29


def test_a_bad_filter_is_shown_and_the_default_figures_stay(service, page_client):
    response = page_client("acme", "admin").get(PAGE, query_string={"from": "2026-04-02", "to": "2026-04-01"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The period ends before it starts." in html and 'aria-invalid="true"' in html
    assert html.count('class="crm-chart-block"') == len(CHARTS)


def test_the_menu_shows_the_metrics_to_those_who_see_them(service, page_client):
    link = '<a href="/service/metrics/"'
    shown = {user: link in page_client("acme", user).get("/today/").get_data(as_text=True)
             for user in ("admin", "executive", "manager_north", "rep_n1")}
    assert shown == {"admin": True, "executive": True, "manager_north": True, "rep_n1": False}


def test_the_page_is_in_chinese(service, page_client):
    client = page_client("acme", "manager_north")
    html = client.get(PAGE, headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "服务指标" in html and "首次响应" in html


def test_dates_beyond_the_calendar_are_refused_with_a_message(service, page_client, api_client):
    far = {"from": "9999-12-30", "to": "9999-12-31"}
    response = page_client("acme", "admin").get(PAGE, query_string=far)
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    api = api_client("acme", "admin")
    for path in ("response-times", "sla-compliance", "backlog", "satisfaction"):
        answer = api.get(f"/api/v1/service/metrics/{path}", query_string=far)
        assert answer.status_code == 422 and "from" in str(answer.json["error"]), (path, answer.json)
    assert api.get("/api/v1/service/metrics/backlog", query_string={"from": "0001-01-01"}).status_code == 422
