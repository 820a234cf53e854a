"""The quote pages: list, new from a customer or opportunity, lines on the page, versions, status and print."""
import re

from flask import render_template
from flask_login import login_user
from sqlalchemy import select

from crm_platform.models import User

from plugins.sales_automation.models import Opportunity, Quote, QuoteLine
from sales_documents_support import quote_for, won_opportunity


def csrf(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def post(client, url, data):
    token = csrf(client.get("/sales/quotes/"))
    return client.post(url, data={"csrf_token": token, **data})


def test_a_quote_is_made_and_filled_on_its_pages(sales, page_client, tenant_session):
    rep = page_client("acme", "rep_n1")
    customer = sales.acme.customers["n1_alpha"]
    form = rep.get(f"/sales/quotes/new?customer_id={customer.id}")
    assert form.status_code == 200 and customer.name in form.get_data(as_text=True)
    made = post(rep, f"/sales/quotes/new?customer_id={customer.id}",
                {"customer_id": customer.id, "title": "Fit-out", "valid_until": "", "currency": ""})
    assert made.status_code == 302, made.get_data(as_text=True)
    url = made.headers["Location"]
    detail = rep.get(url).get_data(as_text=True)
    assert "Fit-out" in detail and 'value="13.00"' in detail, "the add-line form suggests the default tax rate"
    bad = post(rep, f"{url}/lines", {"description": "Desk", "quantity": "0", "unit_price": "10", "tax_rate": "13"})
    assert bad.status_code == 422 and "field-error" in bad.get_data(as_text=True)
    for description, quantity in (("Desk", "2"), ("Chair", "4")):
        assert post(rep, f"{url}/lines", {"description": description, "quantity": quantity, "unit_price": "99.995",
                                          "discount_percent": "", "tax_rate": "13"}).status_code == 302
    with tenant_session("acme") as session:
        quote = session.scalar(select(Quote).where(Quote.title == "Fit-out"))
        lines = session.scalars(select(QuoteLine).where(QuoteLine.quote_id == quote.id)
                                .order_by(QuoteLine.position)).all()
        assert [line.description for line in lines] == ["Desk", "Chair"]
        assert str(quote.total) == "677.97"  # 199.99 + 26.00 + 399.98 + 52.00: each net rounded, then taxed and rounded
        chair = lines[1].id
    assert post(rep, f"{url}/lines/{chair}/move", {"direction": "up"}).status_code == 302
    edit = rep.get(f"{url}/lines/{chair}/edit")
    assert edit.status_code == 200 and "Chair" in edit.get_data(as_text=True)
    assert post(rep, f"{url}/lines/{chair}/edit", {"description": "Armchair", "quantity": "1", "unit_price": "300",
                                                   "tax_rate": "0"}).status_code == 302
    page = rep.get(url).get_data(as_text=True)
    assert page.index("Armchair") < page.index("Desk")
    assert post(rep, f"{url}/lines/{chair}/delete", {}).status_code == 302
    assert "Armchair" not in rep.get(url).get_data(as_text=True)


def test_sending_then_editing_shows_the_new_version(sales, page_client, tenant_session):
    with tenant_session("acme") as session:
        quote = quote_for(session, sales.acme, status="sent")
        session.commit()
        quote_id = quote.id
    rep = page_client("acme", "rep_n1")
    url = f"/sales/quotes/{quote_id}"
    saved = post(rep, f"{url}/edit", {"title": "Offer, revised", "notes": "", "valid_until": "", "currency": "CNY"})
    assert saved.status_code == 302 and saved.headers["Location"] != url
    page = rep.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Offer, revised" in page and "Version 2 made" in page
    old = rep.get(url).get_data(as_text=True)
    assert "superseded" in old and "/edit" not in old
    refused = post(rep, f"{url}/status", {"change": "accept"})
    assert refused.status_code == 302
    assert "latest version" in rep.get(refused.headers["Location"]).get_data(as_text=True)


def test_an_accepted_quote_offers_a_contract_and_prints_cleanly(sales, page_client, tenant_session):
    with tenant_session("acme") as session:
        quote = quote_for(session, sales.acme, status="sent")
        session.commit()
        quote_id = quote.id
    rep = page_client("acme", "rep_n1")
    assert post(rep, f"/sales/quotes/{quote_id}/status", {"change": "accept"}).status_code == 302
    page = rep.get(f"/sales/quotes/{quote_id}").get_data(as_text=True)
    assert f"/sales/contracts/new?quote_id={quote_id}" in page
    printed = rep.get(f"/sales/quotes/{quote_id}/print")
    text = printed.get_data(as_text=True)
    sheet = re.search(r'<link rel="stylesheet" href="([^"]+print\.css)">', text).group(1)
    assert printed.status_code == 200 and "@media print" in rep.get(sheet).get_data(as_text=True)
    assert sales.acme.name in text and sales.acme.customers["n1_alpha"].name in text
    assert "¥1,130.00" in text and "¥130.00" in text and "Licence" in text


def test_the_list_and_the_opportunity_partial(sales, page_client, tenant_session, app):
    with tenant_session("acme") as session:
        opportunity = won_opportunity(sales.acme)
        quote_for(session, sales.acme, opportunity_id=opportunity.id)
        session.commit()
        opportunity_id = opportunity.id
    rep = page_client("acme", "rep_n1")
    listed = rep.get("/sales/quotes/").get_data(as_text=True)
    assert "Offer" in listed and sales.acme.customers["n1_alpha"].name in listed
    assert rep.get("/sales/quotes/?status=nonsense").status_code == 400
    assert "Offer" not in page_client("acme", "rep_n2").get("/sales/quotes/").get_data(as_text=True)
    new = rep.get(f"/sales/quotes/new?opportunity_id={opportunity_id}").get_data(as_text=True)
    assert 'value="ERP rollout"' in new
    with app.test_request_context(), tenant_session("acme", sales.acme.users["rep_n1"].id) as session:
        login_user(session.get(User, sales.acme.users["rep_n1"].id))
        html = render_template("sales_automation/quotes/_opportunity.html", customer=None, can_manage=True,
                               opportunity=session.get(Opportunity, opportunity_id))
    assert "BJ-" in html and f"/sales/quotes/new?opportunity_id={opportunity_id}" in html
