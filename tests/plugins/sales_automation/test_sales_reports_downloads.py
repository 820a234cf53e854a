"""Every report downloads as CSV and .xlsx with the figures of its JSON answer, headings in the reader's language."""
import csv
import io

import openpyxl
import pytest

from crm_platform.extensions import db
from crm_platform.models import User
from crm_platform.sdk import escape_cell, open_table

from tests.plugins.sales_automation import sales_reports_kit as kit

NAMES = ("funnel", "win-rate", "performance", "collection")


@pytest.fixture
def dataset(sales, tenant_session):
    kit.build(sales, tenant_session)
    return sales


def csv_rows(response):
    """The rows of a CSV download (UTF-8 with a BOM)."""
    assert response.data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def xlsx_rows(response):
    """The rows of an .xlsx download, cells as text (None blank)."""
    sheet = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True).active
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def expected_rows(answer):
    """The rows a download of `answer` holds: per table a title (when several), the headings, rows and totals."""
    rows = []
    for number, table in enumerate(answer["tables"]):
        if len(answer["tables"]) > 1:
            rows += ([[]] if number else []) + [[table["title"]]]
        rows.append([column["label"] for column in table["columns"]])
        for row in table["rows"] + ([table["totals"]] if table["totals"] else []):
            rows.append([text(column["kind"], row.get(column["key"])) for column in table["columns"]])
    return rows


def text(kind, value):
    """A JSON cell as the download writes it."""
    if value is None:
        return ""
    if kind == "month" and len(value) == 10:
        return value[:7]
    return str(value)


@pytest.mark.parametrize("name", NAMES)
def test_csv_and_xlsx_hold_the_figures_of_the_json_answer(api_client, dataset, name):
    client = api_client("acme", "executive")
    query = {"from": "2026-03-01", "to": "2026-04-30"}
    answer = client.get(f"/api/v1/sales/reports/{name}", query_string=query).get_json()
    expected = expected_rows(answer)
    assert len(expected) > 2
    for fmt, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        response = client.get(f"/api/v1/sales/reports/{name}", query_string={**query, "format": fmt})
        assert response.status_code == 200
        assert f"{name}-20260301-20260430.{fmt}" in response.headers["Content-Disposition"]
        got = read(response)
        # Numbers: the .xlsx keeps them numeric (1500 for 1500.00), so compare them as numbers.
        assert [[normal(cell) for cell in row] for row in got] == [[normal(cell) for cell in row] for row in expected]


def normal(cell):
    """A cell as a number when it reads as one, else its text."""
    try:
        return float(cell)
    except ValueError:
        return cell


def test_the_pages_download_links_give_the_same_file_as_the_api(api_client, page_client, dataset):
    query = {"from": "2026-03-01", "to": "2026-03-31", "format": "csv"}
    page = page_client("acme", "manager_north").get("/sales/reports/performance", query_string=query)
    api = api_client("acme", "manager_north").get("/api/v1/sales/reports/performance", query_string=query)
    assert page.status_code == 200 and csv_rows(page) == csv_rows(api)
    names = {row[0] for row in csv_rows(page)[1:]}
    assert dataset.acme.users["rep_s1"].name not in names


def test_a_chinese_reader_gets_chinese_headings(api_client, dataset):
    client = api_client("acme", "admin")
    assert client.patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    rows = xlsx_rows(client.get("/api/v1/sales/reports/performance",
                                query_string={**kit.MARCH, "format": "xlsx"}))
    assert rows[0][:3] == ["销售代表", "电话", "拜访"] and "完成率 (%)" in rows[0]
    assert rows[-1][0] == "合计"
    headings = csv_rows(client.get("/api/v1/sales/reports/win-rate", query_string={**kit.MARCH, "format": "csv"}))
    assert "赢率 (%)" in headings[1] and "销售周期(天)" in headings[1]


def test_cells_that_read_as_formulas_are_escaped(api_client, dataset, tenant_session):
    with tenant_session("acme"):
        db.session.get(User, dataset.acme.users["rep_n1"].id).name = '=HYPERLINK("http://x.example","y")'
        db.session.commit()
    client = api_client("acme", "executive")
    query = {**kit.MARCH, "rep_id": dataset.acme.users["rep_n1"].id}
    for fmt, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        rows = read(client.get("/api/v1/sales/reports/performance", query_string={**query, "format": fmt}))
        assert rows[1][0] == "'=HYPERLINK(\"http://x.example\",\"y\")"


def test_the_sdk_writes_tables_with_escaped_cells(tmp_path):
    target = io.BytesIO()
    with open_table(target, "csv") as writer:
        writer.writerow([escape_cell("=1+1"), escape_cell("-2"), 3])
    assert target.getvalue().decode("utf-8-sig").splitlines() == ["'=1+1,'-2,3"]
    with open_table(tmp_path / "t.xlsx", "xlsx", title="T") as writer:
        writer.writerow([escape_cell("@x"), 4])
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert [cell.value for cell in sheet[1]] == ["'@x", 4] and sheet.title == "T"


def test_a_format_the_api_does_not_write_is_a_field_error(api_client, dataset):
    response = api_client("acme", "executive").get("/api/v1/sales/reports/collection", query_string={"format": "pdf"})
    assert response.status_code == 422 and "format" in response.get_json()["error"]["fields"]
