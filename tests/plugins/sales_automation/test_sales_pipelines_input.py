"""Input the pipelines refuse instead of rounding or failing: amounts, the move form's fields, where forms go back."""
from decimal import Decimal

import pytest

from sales_pipelines_kit import make_deals, stage_of

from plugins.sales_automation.models import Opportunity
from crm_platform.sdk import local_next

URL = "/api/v1/sales/opportunities"


def body(world, **changes):
    return {"name": "Cold store", "customer_id": world.acme.customers["n1_alpha"].id, **changes}


@pytest.mark.parametrize("amount", ["10.005", "10.015", "0.001", "1e20", "1000000000000", "-0.01", "NaN"])
def test_an_amount_is_refused_rather_than_rounded_or_overflowing(sales, api_client, amount):
    made = api_client("acme", "rep_n1").post(URL, json=body(sales, amount=amount))
    assert made.status_code == 422, made.get_json()
    assert made.get_json()["error"]["fields"]["amount"]


def test_the_largest_amount_and_two_places_are_kept_exactly(sales, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")
    made = rep.post(URL, json=body(sales, amount="999999999999.99"))
    assert made.status_code == 201 and made.get_json()["amount"] == "999999999999.99"
    deal = made.get_json()["id"]
    refused = rep.patch(f"{URL}/{deal}", json={"amount": "10.015"})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"]["amount"] == ["Use at most 2 decimal places."]
    assert rep.patch(f"{URL}/{deal}", json={"amount": "10.10"}).get_json()["amount"] == "10.10"
    with tenant_session("acme") as session:
        assert session.get(Opportunity, deal).amount == Decimal("10.10")


def test_the_page_form_says_why_an_amount_is_refused(sales, page_client):
    client = page_client("acme", "rep_n1")
    customer = sales.acme.customers["n1_alpha"]
    refused = client.post(f"/sales/pipelines/opportunities/new?customer_id={customer.id}",
                          data={"customer_id": customer.id, "name": "Forklifts", "amount": "10.005", "currency": "CNY",
                                "owner_id": sales.acme.users["rep_n1"].id, "forecast_category": "pipeline"})
    assert refused.status_code == 422 and "Use at most 2 decimal places." in refused.get_data(as_text=True)


def test_a_lead_conversion_refuses_such_amounts_too(sales, api_client, page_client):
    rep = api_client("acme", "rep_n1")
    lead = rep.post("/api/v1/sales/leads", json={"name": "Gao Lin", "company": "Pine Bay Ltd"}).get_json()
    rep.post(f"/api/v1/sales/leads/{lead['id']}/work")
    for amount in ("10.005", "1e20"):
        refused = rep.post(f"/api/v1/sales/leads/{lead['id']}/convert", json={"opportunity": {"amount": amount}})
        assert refused.status_code == 422 and "opportunity" in refused.get_json()["error"]["fields"], amount
    page = page_client("acme", "rep_n1").post(f"/sales/leads/{lead['id']}/convert", data={
        "contact": "1", "opportunity": "1", "name": "Pine Bay", "amount": "10.005"})
    assert page.status_code == 422 and "Use at most 2 decimal places." in page.get_data(as_text=True)
    assert rep.get(f"/api/v1/sales/leads/{lead['id']}").get_json()["status"] == "working"


@pytest.fixture
def deal(sales, tenant_session):
    return make_deals(tenant_session, sales, "acme", [("Mill", "n1_alpha", "rep_n1", "10.00", 0, None)])


@pytest.mark.parametrize("winner", ["²", "abc", str(2**63), "-1"])
def test_the_move_form_refuses_a_winner_that_is_not_an_id(deal, page_client, tenant_session, winner):
    _, stages, (opportunity,) = deal
    lost = page_client("acme", "rep_n1").post(f"/sales/pipelines/opportunities/{opportunity}/move", data={
        "stage_id": stages[6], "close_reason": "Price", "winner_competitor_id": winner})
    assert lost.status_code == 422
    assert stage_of(tenant_session, "acme", opportunity)[1] == "open"


def test_a_won_opportunity_says_won_once(deal, page_client):
    _, stages, (opportunity,) = deal
    client = page_client("acme", "rep_n1")
    assert client.post(f"/sales/pipelines/opportunities/{opportunity}/move",
                       data={"stage_id": stages[5], "close_reason": "Best offer"}).status_code == 302
    page = client.get(f"/sales/pipelines/opportunities/{opportunity}").get_data(as_text=True)
    header = page[page.index('id="opportunity-stage"'):]
    assert header[:header.index("</p>")].split(">", 1)[1].strip() == "Won"


@pytest.mark.parametrize("url", ["https://evil.test/", "//evil.test/", "/\\evil.test", "\\\\evil.test", "",
                                 None, "/ok\nSet-Cookie: x", "/ok\x00", "/ok\x7f", "http:/x", "javascript:alert(1)"])
def test_only_a_path_on_this_site_is_followed(url):
    assert local_next(url, "/fallback") == "/fallback"
    assert local_next(url) is None


def test_a_local_path_is_followed_with_its_query():
    assert local_next("/sales/pipelines/5/?owner_id=3#top", "/fallback") == "/sales/pipelines/5/?owner_id=3#top"
