"""Odd query strings and forms on the forecast and quotas: field errors or a 404, never a server error."""
import pytest

from tests.plugins.sales_automation.test_sales_forecast_pages import csrf

FAR = {"month_from": "9999-12", "month_to": "9999-12"}


@pytest.mark.parametrize("url", ["/api/v1/sales/forecast", "/api/v1/sales/quotas", "/api/v1/sales/forecast/adjustments"])
def test_a_month_past_the_calendar_is_a_field_error_of_the_api(sales, api_client, url):
    answer = api_client("acme", "manager_north").get(url, query_string=FAR)
    assert answer.status_code == 422 and "month_from" in answer.json["error"]["fields"]
    assert api_client("acme", "manager_north").get("/api/v1/sales/forecast/attainment?month=0001-01").status_code == 422


@pytest.mark.parametrize("url", ["/sales/forecast/", "/sales/quotas/"])
def test_a_month_past_the_calendar_shows_the_problem_on_the_pages(sales, page_client, url):
    page = page_client("acme", "manager_north").get(url, query_string=FAR)
    assert page.status_code == 422 and "Some filters are not valid." in page.get_data(as_text=True)


def test_adjusting_a_month_past_the_calendar_is_not_found(sales, page_client):
    rep = sales.acme.users["rep_n1"].id
    assert page_client("acme", "manager_north").get(f"/sales/forecast/adjust/user/{rep}?month=9999-12").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/sales/forecast", "/sales/forecast/", "/api/v1/sales/quotas"])
def test_only_a_last_month_before_this_one_ends_the_span_there(sales, api_client, page_client, url):
    client = (api_client if url.startswith("/api") else page_client)("acme", "executive")
    answer = client.get(url, query_string={"month_to": "2020-02"})
    assert answer.status_code == 200
    if url.startswith("/api"):
        assert answer.json["months"][-1] == "2020-02" and len(answer.json["months"]) == 3
    else:
        assert "2020-02" in answer.get_data(as_text=True)


def quota_page(client, query):
    page = client.get("/sales/quotas/", query_string=query)
    return page, csrf(page)


def test_posting_the_quota_grid_with_nothing_to_set_is_no_server_error(sales, page_client):
    rep = page_client("acme", "rep_n1")
    _page, token = quota_page(rep, {})
    assert rep.post("/sales/quotas/", data={"csrf_token": token}).status_code == 403
    manager = page_client("acme", "manager_north")
    _page, token = quota_page(manager, {})
    assert manager.post("/sales/quotas/", data={"csrf_token": token}).status_code == 302


def test_a_full_grid_of_two_years_saves_only_the_cells_that_changed(sales, page_client, tenant_session):
    from crm_platform.sdk import User, db

    with tenant_session("acme"):
        north = sales.acme.units["north"].id
        db.session.add_all([User(name=f"Rep {n:02d}", email=f"r{n}@acme.test", role="rep", org_unit_id=north,
                                 password_hash="x") for n in range(22)])
        db.session.commit()
    manager = page_client("acme", "manager_north")
    span = {"month_from": "2026-01", "month_to": "2027-12"}
    page, token = quota_page(manager, span)
    html = page.get_data(as_text=True)
    cells = [part.split('"', 1)[0] for part in html.split('name="quota-')[1:]]
    assert len(cells) > 500
    form = {f"quota-{cell}": "" for cell in cells}
    form[f"quota-{cells[0]}"] = "1000"
    saved = manager.post("/sales/quotas/", query_string=span, data={"csrf_token": token, **form})
    assert saved.status_code == 302
    assert 'value="1000.00"' in manager.get("/sales/quotas/", query_string=span).get_data(as_text=True)


def test_the_forecast_page_computes_the_forecast_once(sales, page_client, monkeypatch):
    from plugins.sales_automation.forecast import history, service

    calls = []
    real = service.forecast

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "forecast", counted)
    monkeypatch.setattr(history, "forecast", counted)
    page = page_client("acme", "manager_north").get("/sales/forecast/")
    assert page.status_code == 200
    assert len(calls) == 1
