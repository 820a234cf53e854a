"""Receivables ageing on fixed dates: every bucket edge, groups per customer, owner and org unit, currencies apart."""
from datetime import date, timedelta

import pytest

from plugins.sales_automation.payments.ageing import bucket_of, days_overdue
from tests.plugins.sales_automation.payments_support import make_contract

AS_OF = date(2026, 6, 30)
RECEIVABLES = "/api/v1/sales/receivables"


@pytest.mark.parametrize("days, bucket", [
    (-5, "not_due"), (0, "not_due"), (1, "d1_30"), (30, "d1_30"), (31, "d31_60"), (60, "d31_60"),
    (61, "d61_90"), (90, "d61_90"), (91, "over_90"), (400, "over_90"),
])
def test_bucket_edges(days, bucket):
    due = AS_OF - timedelta(days=days)
    assert bucket_of(due, AS_OF) == bucket
    assert days_overdue(due, AS_OF) == max(days, 0)


@pytest.fixture
def edges(sales, tenant_session):
    """n1_alpha's contract with one instalment at every edge; amounts are powers of two to tell them apart."""
    days = (0, 1, 30, 31, 60, 61, 90, 91, -5)
    plan = tuple((f"{2 ** n}.00", AS_OF - timedelta(days=d)) for n, d in enumerate(days))
    with tenant_session("acme"):
        return make_contract(sales.acme, plan=plan)


def amounts(row):
    return {key: row[key] for key in ("not_due", "d1_30", "d31_60", "d61_90", "over_90", "total")}


def test_every_edge_lands_in_its_bucket(edges, api_client):
    view = api_client("acme", "rep_n1").get(f"{RECEIVABLES}?as_of={AS_OF}").json
    assert view["buckets"] == ["not_due", "d1_30", "d31_60", "d61_90", "over_90"]
    (row,) = view["rows"]
    assert (row["label"], row["currency"]) == ("Alpha Trading", "CNY")
    assert amounts(row) == {"not_due": "257.00", "d1_30": "6.00", "d31_60": "24.00", "d61_90": "96.00",
                            "over_90": "128.00", "total": "511.00"}
    assert amounts(view["totals"][0]) == amounts(row)


def test_a_later_day_ages_the_same_amounts_further(edges, api_client):
    (row,) = api_client("acme", "rep_n1").get(f"{RECEIVABLES}?as_of={AS_OF + timedelta(days=1)}").json["rows"]
    # Day 0 becomes day 1, 30 becomes 31, 60 becomes 61, 90 becomes 91.
    assert amounts(row) == {"not_due": "256.00", "d1_30": "3.00", "d31_60": "12.00", "d61_90": "48.00",
                            "over_90": "192.00", "total": "511.00"}


def test_paid_parts_and_settled_instalments_leave_the_view(edges, api_client):
    contract_id, ids = edges
    client = api_client("acme", "rep_n1")
    base = f"/api/v1/sales/contracts/{contract_id}/instalments"
    assert client.post(f"{base}/{ids[7]}/payments", json={"amount": "128"}).status_code == 201
    assert client.post(f"{base}/{ids[0]}/payments", json={"amount": "0.25"}).status_code == 201
    (row,) = client.get(f"{RECEIVABLES}?as_of={AS_OF}").json["rows"]
    assert (row["over_90"], row["not_due"], row["total"]) == ("0.00", "256.75", "382.75")
    detail = client.get(f"/api/v1/sales/receivables/contracts/{contract_id}?as_of={AS_OF}").json
    by_id = {item["id"]: item for item in detail["instalments"]}
    assert by_id[ids[7]]["settled"] and by_id[ids[7]]["bucket"] is None
    assert (by_id[ids[0]]["outstanding"], by_id[ids[0]]["bucket"], by_id[ids[0]]["days_overdue"]) == (
        "0.75", "not_due", 0)
    assert (by_id[ids[8]]["bucket"], by_id[ids[3]]["days_overdue"]) == ("not_due", 31)
    assert [by_id[i]["bucket"] for i in ids[1:7]] == ["d1_30", "d1_30", "d31_60", "d31_60", "d61_90", "d61_90"]


@pytest.fixture
def spread(sales, tenant_session):
    """Contracts of owners across the org tree, one in USD, one cancelled."""
    due = AS_OF - timedelta(days=45)
    with tenant_session("acme"):
        make_contract(sales.acme, customer="n1_alpha", plan=(("100.00", due),))           # rep_n1, North-1
        make_contract(sales.acme, customer="n1_beta", plan=(("10.00", AS_OF),), currency="USD")
        make_contract(sales.acme, customer="n2", plan=(("200.00", due),))                 # rep_n2, North
        make_contract(sales.acme, customer="s1", plan=(("400.00", due),))                 # rep_s1, South
        make_contract(sales.acme, customer="s1_shared", plan=(("800.00", due),))          # rep_s1, shared
        make_contract(sales.acme, customer="house", plan=(("1600.00", due),))             # admin, Company
        make_contract(sales.acme, customer="house", plan=(("5.00", due),), status="cancelled")
    with tenant_session("globex"):
        make_contract(sales.globex, customer="n1_alpha", plan=(("9999.00", due),))


def rows(client, group):
    return [(r["label"], r["depth"], r["currency"], r["d31_60"], r["not_due"])
            for r in client.get(f"{RECEIVABLES}?as_of={AS_OF}&group={group}").json["rows"]]


def test_units_hold_their_subtree_with_currencies_apart(spread, api_client):
    client = api_client("acme", "executive")
    assert rows(client, "unit") == [
        ("Company", 0, "CNY", "3100.00", "0.00"), ("Company", 0, "USD", "0.00", "10.00"),
        ("North", 1, "CNY", "300.00", "0.00"), ("North", 1, "USD", "0.00", "10.00"),
        ("North-1", 2, "CNY", "100.00", "0.00"), ("North-1", 2, "USD", "0.00", "10.00"),
        ("South", 1, "CNY", "1200.00", "0.00"),
    ]
    totals = client.get(f"{RECEIVABLES}?as_of={AS_OF}&group=unit").json["totals"]
    assert [(t["currency"], t["total"]) for t in totals] == [("CNY", "3100.00"), ("USD", "10.00")]


def test_each_viewer_ages_only_what_they_may_see(spread, api_client, world):
    assert rows(api_client("acme", "rep_n1"), "owner") == [
        ("Rep N1", 0, "CNY", "100.00", "0.00"), ("Rep N1", 0, "USD", "0.00", "10.00"),
        ("Rep S1", 0, "CNY", "800.00", "0.00")]  # s1_shared is shared with rep_n1
    assert rows(api_client("acme", "manager_north"), "owner") == [
        ("Rep N1", 0, "CNY", "100.00", "0.00"), ("Rep N1", 0, "USD", "0.00", "10.00"),
        ("Rep N2", 0, "CNY", "200.00", "0.00")]
    assert rows(api_client("acme", "manager_south"), "customer") == [
        ("Delta Shipping", 0, "CNY", "400.00", "0.00"), ("Epsilon Media", 0, "CNY", "800.00", "0.00")]
    assert len(rows(api_client("acme", "executive"), "contract")) == 6
    assert rows(api_client("globex", "executive"), "customer") == [("Alpha Trading", 0, "CNY", "9999.00", "0.00")]
    north = world.acme.units["north"].id
    filtered = api_client("acme", "executive").get(f"{RECEIVABLES}?as_of={AS_OF}&group=customer&unit_id={north}")
    assert [r["label"] for r in filtered.json["rows"]] == ["Alpha Trading", "Beta Foods", "Gamma Tools"]


def test_the_pages_show_the_tree_and_a_contract_by_bucket(spread, page_client, api_client, world):
    page = page_client("acme", "executive").get(f"/sales/payments/receivables?group=unit&as_of={AS_OF}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "North-1" in text and 'class="indent-2"' in text
    assert page_client("acme", "executive").get("/sales/payments/receivables?as_of=never").status_code == 400
    contract = api_client("acme", "executive").get(f"{RECEIVABLES}?as_of={AS_OF}&group=contract").json["rows"][0]
    detail = page_client("acme", "executive").get(f"/sales/payments/receivables/contracts/{contract['key']}"
                                                  f"?as_of={AS_OF}")
    assert detail.status_code == 200 and 'id="bucket-d31_60"' in detail.get_data(as_text=True)


def test_the_customer_panel_shows_the_balance_and_what_is_overdue(spread, page_client, api_client, world):
    customer = world.acme.customers["n1_alpha"].id
    balance = api_client("acme", "rep_n1").get(f"/api/v1/sales/customers/{customer}/balance").json
    assert [(b["currency"], b["outstanding"], b["overdue"]) for b in balance] == [("CNY", "100.00", "100.00")]
    text = page_client("acme", "rep_n1").get(f"/customers/{customer}").get_data(as_text=True)
    assert "Outstanding balance" in text and "CN¥100.00 outstanding, of which CN¥100.00 overdue" in text
    assert f"/sales/payments/receivables?group=contract&amp;customer_id={customer}" in text
    assert "Outstanding balance" not in page_client("acme", "manager_north").get(
        f"/customers/{world.acme.customers['north_mgr'].id}").get_data(as_text=True)
    hidden = world.acme.customers["s1"].id
    assert api_client("acme", "rep_n1").get(f"/api/v1/sales/customers/{hidden}/balance").status_code == 404
