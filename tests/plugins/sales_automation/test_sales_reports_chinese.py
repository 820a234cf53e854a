"""The Chinese a sales manager reads on the reports and forecast pages: the words of a Chinese CRM, not literal ones.

English words with several meanings were translated once for another page: "To" as a
quote's addressee (致) and "Unit" as a unit of measure (单位) showed on the reports'
and forecast's filters. The pages name org units 部门, as the rest of the module does.
"""
import pytest


@pytest.fixture
def chinese(sales, api_client):
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    return sales


def test_the_report_filters_and_tables_read_naturally(chinese, page_client):
    client = page_client("acme", "executive")
    win_rate = client.get("/sales/reports/win-rate").get_data(as_text=True)
    for phrase in ("开始日期", "结束日期", "部门", "按部门"):
        assert phrase in win_rate, phrase
    assert ">致<" not in win_rate and "单位" not in win_rate and "组织单元" not in win_rate
    assert "回款率 (%)" in client.get("/sales/reports/collection").get_data(as_text=True)
    index = client.get("/sales/reports/").get_data(as_text=True)
    assert "可按期间、部门和销售代表筛选" in index


def test_the_forecast_filter_names_the_org_unit(chinese, page_client, api_client):
    page = page_client("acme", "executive").get("/sales/forecast/").get_data(as_text=True)
    assert "单位" not in page and "部门" in page
    answer = api_client("acme", "executive").get("/api/v1/sales/forecast?month_from=2026-05&month_to=2026-03")
    assert answer.json["error"]["fields"]["month_to"] == ["结束月份不能早于起始月份。"]
