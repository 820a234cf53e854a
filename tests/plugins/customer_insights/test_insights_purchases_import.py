"""Purchase history through the core's import flow: CSV and .xlsx, Chinese headers, bad rows, re-runs, a real worker."""
import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from insights_purchases_kit import add_purchase, set_number, stored_purchases

from crm_platform.sdk import Customer

KIND = "customer_insights_purchases"
CREDIT = "91310000MA1FL5KQ8X"
HEADER = "客户名称,客户编号,统一社会信用代码,邮箱,电话,购买日期,金额,币种,数量,产品,订单号\n"
ROWS = HEADER + """Alpha Trading,,,,,2026-03-05,"1,200.50",,2,Widget,SO-1
,C-001,,,,2026/3/6,300,usd,,Gear,SO-2
Zeta Energy,,,,,2026年3月7日,88,,,,
Beta Foods,,,,,,50,,,,
Beta Foods,,,,,2026-13-01,50,,,,
Beta Foods,,,,,2026-03-08,0,,,,
Beta Foods,,,,,2026-03-08,-20,,,,
Eta Holdings,,,,,2026-03-08,10,,,,
,,,buy@alpha.test,,2026-03-09,10,,,,
Nobody Ltd,,,,,2026-03-09,10,,,,
Alpha Trading,,,,,2026-03-05,1200.5,,2,Widget,SO-1
,,,,,2026-03-05,10,,,,
Alpha Trading,,,,,2999-01-01,10,,,,
Beta Foods,,,,,2026-03-08,12.345,,,,
Beta Foods,,,,,2026-03-08,12,XX,,,
Wrong Name,C-001,,,,2026-03-10,5,,,,
,,,,+1 555 0101,2026-03-11,7,,,,
,,9131 0000-MA1FL5KQ8X,,,2026-03-12,9.90,RMB,,,
"""


@pytest.fixture
def shop(insights, tenant_session):
    """acme with Gamma's ERP number C-001, a credit code on Zeta, and Beta sharing Alpha's email (an ambiguity)."""
    set_number(insights, tenant_session, "n2", "C-001")
    with tenant_session("acme") as session:
        session.get(Customer, insights.acme.customers["north_mgr"].id).credit_code = CREDIT
        session.get(Customer, insights.acme.customers["n1_beta"].id).email = "buy@alpha.test"
        session.commit()
    return insights


def post_file(client, data, name="purchases.csv", **form):
    """POST a purchases file to the import API."""
    body = data.encode() if isinstance(data, str) else data
    return client.post("/api/v1/imports", data={"file": (io.BytesIO(body), name), "kind": KIND, **form},
                       content_type="multipart/form-data")


def report(client, batch_id):
    """The import's report rows as {row: reason}."""
    body = client.get(f"/api/v1/imports/{batch_id}/errors").get_data().decode("utf-8-sig")
    return {row["Row"]: row["Reason"] for row in csv.DictReader(io.StringIO(body))}


def run(client, jobs, data, **form):
    """Import `data` through the API on a real worker; (batch id, counts)."""
    started = post_file(client, data, **form)
    assert started.status_code == 202, started.json
    assert jobs.work()
    batch_id = started.json["params"]["batch_id"]
    batch = client.get(f"/api/v1/imports/{batch_id}").json
    assert batch["status"] == "finished"
    return batch_id, batch["counts"]


def test_a_csv_lands_its_good_rows_and_reports_each_bad_one(shop, api_client, tenant_session, jobs):
    client = api_client("acme", "manager_north")
    kinds = {kind["key"]: kind for kind in client.get("/api/v1/imports/kinds").json}
    assert [field["name"] for field in kinds[KIND]["fields"] if field["required"]] == ["purchased_on", "amount"]
    assert kinds[KIND]["on_duplicate"] == ["skip", "create"]

    batch_id, counts = run(client, jobs, ROWS)

    assert counts == {"created": 6, "updated": 0, "skipped": 1, "failed": 11}
    ids = {key: shop.acme.customers[key].id for key in ("n1_alpha", "n2", "north_mgr")}
    assert stored_purchases(tenant_session) == sorted([
        (ids["n1_alpha"], date(2026, 3, 5), Decimal("1200.50"), "CNY", Decimal("2.000"), "Widget", "SO-1", "import"),
        (ids["n2"], date(2026, 3, 6), Decimal("300.00"), "USD", None, "Gear", "SO-2", "import"),
        (ids["north_mgr"], date(2026, 3, 7), Decimal("88.00"), "CNY", None, None, None, "import"),
        (ids["n2"], date(2026, 3, 10), Decimal("5.00"), "CNY", None, None, None, "import"),  # the number decides
        (ids["n1_alpha"], date(2026, 3, 11), Decimal("7.00"), "CNY", None, None, None, "import"),  # by phone
        (ids["north_mgr"], date(2026, 3, 12), Decimal("9.90"), "CNY", None, None, None, "import"),  # credit code
    ])
    reasons = report(client, batch_id)
    assert set(reasons) == {"5", "6", "7", "8", "9", "10", "11", "13", "14", "15", "16"}
    assert reasons["5"].startswith("purchased_on:") and reasons["6"].startswith("purchased_on:")
    assert "above zero" in reasons["7"]
    assert "Returns and refunds are not imported" in reasons["8"]
    # Eta Holdings is the admin's: the north manager may not see it, so it is no match (and not named as hidden).
    assert reasons["9"] == "No customer you may see matches name Eta Holdings."
    assert reasons["10"].startswith("2 customers you may see have the email buy@alpha.test")
    assert reasons["11"] == "No customer you may see matches name Nobody Ltd."
    assert reasons["13"] == "Give the customer's number, credit code, email, phone or name."
    assert "after today" in reasons["14"]
    assert "at most 2 decimal places" in reasons["15"] and "currency" in reasons["16"]


def test_a_rerun_skips_rows_with_an_order_number_and_create_takes_them_again(shop, api_client, tenant_session, jobs):
    client = api_client("acme", "manager_north")
    rows = HEADER + "Alpha Trading,,,,,2026-03-05,100,,,Widget,SO-1\nAlpha Trading,,,,,2026-03-05,40,,,Bolt,SO-1\n" \
        "Alpha Trading,,,,,2026-03-06,100,,,Widget,SO-1\nBeta Foods,,,,,2026-03-05,30,,,,\n"
    assert run(client, jobs, rows)[1] == {"created": 4, "updated": 0, "skipped": 0, "failed": 0}

    # Same order, day and product is the same purchase: skipped. Without an order number a row is always new.
    assert run(client, jobs, rows)[1] == {"created": 1, "updated": 0, "skipped": 3, "failed": 0}
    assert run(client, jobs, rows, on_duplicate="create")[1]["created"] == 4
    assert len(stored_purchases(tenant_session)) == 9
    assert post_file(client, rows, on_duplicate="update").status_code == 422


def test_a_payment_with_the_contract_number_is_not_imported_again(shop, api_client, tenant_session, jobs):
    add_purchase(shop, tenant_session, "n1_alpha", day=date(2026, 3, 5), amount="100.00", order_number="HT-2026-0007",
                 source="sales_payment", source_ref="77")
    rows = HEADER + "Alpha Trading,,,,,2026-03-05,100,,,,HT-2026-0007\n"

    assert run(api_client("acme", "manager_north"), jobs, rows)[1]["skipped"] == 1


def test_only_who_records_purchases_may_import_them(shop, api_client):
    rep = api_client("acme", "rep_n1")
    assert KIND not in [kind["key"] for kind in rep.get("/api/v1/imports/kinds").json]
    assert post_file(rep, ROWS).status_code == 403


def xlsx(rows):
    """An .xlsx workbook of `rows` (the first is the header), as bytes."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_an_xlsx_with_excel_dates_through_the_pages_in_a_usd_workspace(shop, api_client, page_client, tenant_session,
                                                                       jobs):
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"currency": "USD"}).status_code == 200
    book = xlsx([["Customer", "Order date", "Total", "Qty", "Order No"],
                 ["Alpha Trading", datetime(2026, 3, 5), 59.97000000000001, 3, "X-1"],
                 ["Beta Foods", 46087, 10, None, None],  # a date cell saved as General: Excel's day number
                 ["Zeta Energy", "2026/3/7", "¥1,000", 1.5, "X-2"],
                 ["Alpha Trading", datetime(2026, 3, 5), 59.97, 3, "X-1"],
                 ["Gamma Tools", "soon", 5, None, None]])
    client = page_client("acme", "manager_north")
    form = client.get(f"/imports/new?kind={KIND}").get_data(as_text=True)
    assert "Import purchase history" in form and f'<option value="{KIND}" selected' in form

    uploaded = client.post("/imports/new", data={"kind": KIND, "file": (io.BytesIO(book), "购买记录.xlsx")},
                           content_type="multipart/form-data")

    batch_id = int(re.search(r"/imports/(\d+)/mapping", uploaded.headers["Location"]).group(1))
    mapping = client.get(f"/imports/{batch_id}/mapping").get_data(as_text=True)
    for column, field in enumerate(("customer_name", "purchased_on", "amount", "quantity", "order_number")):
        assert re.search(rf'name="column-{column}".*?<option value="{field}" selected', mapping, re.S), field
    assert client.post(f"/imports/{batch_id}/mapping", data={"column-0": "customer_name", "column-1": "",
                                                             "column-2": "amount"}).status_code == 422  # no date
    assert client.post(f"/imports/{batch_id}/mapping", data={
        "column-0": "customer_name", "column-1": "purchased_on", "column-2": "amount", "column-3": "quantity",
        "column-4": "order_number", "on_duplicate": "skip"}).status_code == 302
    preview = client.get(f"/imports/{batch_id}/preview").get_data(as_text=True)
    rows = {row: action for action, row in re.findall(r'class="plan-(\w+)" data-row="(\d+)"', preview)}
    assert rows == {"2": "create", "3": "create", "4": "create", "5": "skip", "6": "fail"}

    assert client.post(f"/imports/{batch_id}/run").status_code == 302
    jobs.work()

    status = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert re.search(r'class="count-created">3<', status) and re.search(r'class="count-failed">1<', status)
    ids = {key: shop.acme.customers[key].id for key in ("n1_alpha", "n1_beta", "north_mgr")}
    assert stored_purchases(tenant_session) == sorted([
        (ids["n1_alpha"], date(2026, 3, 5), Decimal("59.97"), "USD", Decimal("3.000"), None, "X-1", "import"),
        (ids["n1_beta"], date(2026, 3, 6), Decimal("10.00"), "USD", None, None, None, "import"),
        (ids["north_mgr"], date(2026, 3, 7), Decimal("1000.00"), "USD", Decimal("1.500"), None, "X-2", "import"),
    ])
    assert "Back to the purchase history" in status


def test_the_preview_names_the_repeated_purchase(shop, page_client, tenant_session):
    add_purchase(shop, tenant_session, "n1_alpha", order_number="SO-9", product="Widget")
    client = page_client("acme", "manager_north")
    data = HEADER + "Alpha Trading,,,,,2026-03-05,100,,,Widget,SO-9\n"
    uploaded = client.post("/imports/new", data={"kind": KIND, "file": (io.BytesIO(data.encode()), "p.csv")},
                           content_type="multipart/form-data")
    batch_id = int(re.search(r"/imports/(\d+)/mapping", uploaded.headers["Location"]).group(1))
    assert client.post(f"/imports/{batch_id}/mapping", data={
        f"column-{index}": field for index, field in enumerate(
            ("customer_name", "customer_number", "credit_code", "email", "phone", "purchased_on", "amount",
             "currency", "quantity", "product", "order_number"))}).status_code == 302

    preview = client.get(f"/imports/{batch_id}/preview").get_data(as_text=True)

    assert 'class="plan-skip" data-row="2"' in preview and "SO-9 (" in preview
    assert f"/insights/purchases/?customer_id={shop.acme.customers['n1_alpha'].id}" in preview
