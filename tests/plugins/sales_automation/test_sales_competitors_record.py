"""The win/loss record against each competitor, on fixed data: counts, amounts, win rate, their wins, period, sort."""
from datetime import datetime, timezone

import pytest
from sales_comptodos_support import close_deal, make_competitor, make_deal

URL = "/api/v1/sales/competitors/record"
MARCH = "closed_from=2026-03-01&closed_to=2026-03-31"


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.fixture
def record_world(sales, tenant_session):
    """Kingdee, Yonyou and Salesforce (never met) against rep_n1's deals, and one on rep_s1's customer."""
    def deal(amount, bidders, kind=None, winner=None, when="2026-03-10T10:00", customer="n1_alpha",
             owner="rep_n1", currency=None):
        deal_id = make_deal(sales, tenant_session, customer=customer, owner=owner, amount=amount, currency=currency)
        pending.append((deal_id, bidders, kind, winner, when))

    pending = []
    deal("1000.00", "KY", "won", when="2026-03-31T23:30")  # the last minute of the period counts
    deal("2000.00", "K", "lost", winner="K")
    deal("500.00", "KY", "lost", winner="Y")
    deal("300.00", "", "lost", winner="Y")  # not listed as a bidder, but it won: met
    deal("700.00", "K", "won", when="2026-02-28T23:59")  # before the period
    deal("900.00", "K")  # still open
    deal("4000.00", "K", "won", customer="s1", owner="rep_s1")  # rep_n1 may not see it
    deal("100.00", "", "lost", winner="K", currency="USD")  # counted, but not in CNY amounts
    ids = {}
    for key, name in (("K", "Kingdee"), ("Y", "Yonyou"), ("S", "Salesforce")):
        ids[key] = make_competitor(tenant_session, name=name,
                                   bids=[d for d, bidders, *_ in pending if key in bidders])
    for deal_id, _, kind, winner, when in pending:
        if kind:
            close_deal(tenant_session, "acme", deal_id, kind, winner_id=ids.get(winner), when=at(when))
    return ids


def rows(api_client, user, query=""):
    answer = api_client("acme", user).get(f"{URL}?{query}")
    assert answer.status_code == 200, answer.json
    return {row["name"]: row for row in answer.json["items"]}


def test_the_numbers_in_a_period(record_world, api_client):
    found = rows(api_client, "rep_n1", MARCH)
    kingdee, yonyou, salesforce = found["Kingdee"], found["Yonyou"], found["Salesforce"]
    assert (kingdee["met"], kingdee["won"], kingdee["lost"], kingdee["they_won"]) == (4, 1, 3, 2)
    assert (kingdee["won_amount"], kingdee["lost_amount"], kingdee["they_won_amount"]) == (
        "1000.00", "2500.00", "2000.00")
    assert kingdee["win_rate"] == "25.0"
    assert (yonyou["met"], yonyou["won"], yonyou["lost"], yonyou["they_won"]) == (3, 1, 2, 2)
    assert (yonyou["won_amount"], yonyou["lost_amount"], yonyou["they_won_amount"]) == ("1000.00", "800.00", "800.00")
    assert yonyou["win_rate"] == "33.3"
    assert (salesforce["met"], salesforce["win_rate"], salesforce["won_amount"]) == (0, None, "0.00")


def test_only_deals_the_viewer_may_see_and_the_period_is_optional(record_world, api_client):
    assert rows(api_client, "admin", MARCH)["Kingdee"]["won"] == 2  # rep_s1's deal too
    assert rows(api_client, "admin", MARCH)["Kingdee"]["won_amount"] == "5000.00"
    assert rows(api_client, "rep_n1")["Kingdee"]["won"] == 2  # February's too, without a period
    assert rows(api_client, "rep_s1", MARCH)["Kingdee"]["won"] == 1
    assert rows(api_client, "rep_n2", MARCH)["Kingdee"]["met"] == 0
    assert api_client("globex", "admin").get(URL).json["items"] == []


@pytest.mark.parametrize("sort, order", [
    ("name", ["Kingdee", "Salesforce", "Yonyou"]),
    ("-name", ["Yonyou", "Salesforce", "Kingdee"]),
    ("-win_rate", ["Yonyou", "Kingdee", "Salesforce"]),
    ("win_rate", ["Kingdee", "Yonyou", "Salesforce"]),
    ("-they_won", ["Kingdee", "Yonyou", "Salesforce"]),
    ("-lost_amount", ["Kingdee", "Yonyou", "Salesforce"]),
    ("met", ["Salesforce", "Yonyou", "Kingdee"]),
])
def test_sorted_by_any_column(record_world, api_client, sort, order):
    answer = api_client("acme", "rep_n1").get(f"{URL}?{MARCH}&sort={sort}").json
    assert [row["name"] for row in answer["items"]] == order and answer["currency"] == "CNY"


def test_bad_filters_are_a_422(sales, api_client):
    client = api_client("acme", "rep_n1")
    assert client.get(f"{URL}?sort=bogus").status_code == 422
    assert client.get(f"{URL}?closed_from=2026-04-01&closed_to=2026-03-01").status_code == 422
    assert client.get(f"{URL}?closed_from=yesterday").status_code == 422


def test_the_page_shows_the_record_and_sort_links(record_world, page_client):
    browser = page_client("acme", "rep_n1")
    page = browser.get(f"/sales/competitors/record?{MARCH}&sort=-win_rate").get_data(as_text=True)
    assert page.index("Yonyou") < page.index("Kingdee") < page.index("Salesforce")
    assert "33.3%" in page and "25.0%" in page and 'aria-sort="descending"' in page
    assert browser.get("/sales/competitors/record?closed_from=2026-04-01&closed_to=2026-03-01").status_code == 400
