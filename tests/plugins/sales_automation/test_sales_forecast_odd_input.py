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
