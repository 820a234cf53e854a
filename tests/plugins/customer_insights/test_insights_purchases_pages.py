"""The purchase history and referrals on the customer page and the purchase list: forms without JS, in Chinese."""
import re
from datetime import date
from decimal import Decimal

import i18n_support
from insights_purchases_kit import add_purchase, add_referral, set_number, stored_purchases
from sqlalchemy import select

from plugins.customer_insights.models import Referral


def test_the_panels_offer_what_each_person_may_do(insights, page_client, tenant_session):
    alpha, shared = (insights.acme.customers[key].id for key in ("n1_alpha", "s1_shared"))
    for day in range(1, 8):
        add_purchase(insights, tenant_session, "n1_alpha", day=date(2026, 3, day), amount=f"{day}.00",
                     product=f"P{day}")
    set_number(insights, tenant_session, "n1_alpha", "ERP-ALPHA")

    manager = page_client("acme", "manager_north").get(f"/customers/{alpha}").get_data(as_text=True)

    assert 'id="insights-purchases"' in manager and 'id="insights-referrals"' in manager
    shown = re.findall(r"<td>(P\d)</td>", manager)
    assert shown == ["P7", "P6", "P5", "P4", "P3"]  # the latest five; the list page has the rest
    assert f'href="/insights/purchases/?customer_id={alpha}"' in manager
    assert 'class="purchase-form"' in manager and "ERP-ALPHA" in manager
    assert f'action="/insights/purchases/customers/{alpha}/number"' in manager
    rep = page_client("acme", "rep_n1")
    own = rep.get(f"/customers/{alpha}").get_data(as_text=True)
    assert 'class="purchase-form"' not in own  # reps do not record purchases
    assert f'action="/insights/purchases/customers/{alpha}/number"' in own and 'class="referral-form"' in own
    seen = rep.get(f"/customers/{shared}").get_data(as_text=True)
    assert 'id="insights-purchases"' in seen and "/number" not in seen and 'class="referral-form"' not in seen


def test_adding_a_purchase_on_its_page_keeps_what_was_typed_and_says_what_is_wrong(insights, page_client,
                                                                                   tenant_session):
    alpha = insights.acme.customers["n1_alpha"].id
    client = page_client("acme", "manager_north")
    back = f"/customers/{alpha}"

    refused = client.post(f"/insights/purchases/new?customer_id={alpha}", data={
        "purchased_on": "2026-03-05", "amount": "-3", "currency": "CNY", "product": "阀门", "next": back})

    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'id="purchase-amount-error"' in page and 'value="阀门"' in page
    assert stored_purchases(tenant_session) == []

    added = client.post(f"/insights/purchases/new?customer_id={alpha}", data={
        "purchased_on": "2026-03-05", "amount": "1,5", "currency": "CNY", "next": back})
    assert added.status_code == 422  # a decimal comma is no amount here
    added = client.post(f"/insights/purchases/new?customer_id={alpha}", data={
        "purchased_on": "2026-03-05", "amount": "15.50", "currency": "cny", "quantity": "", "next": back})
    assert added.status_code == 302 and added.headers["Location"].endswith(back)
    assert [row[2:4] for row in stored_purchases(tenant_session)] == [(Decimal("15.50"), "CNY")]
    assert page_client("acme", "rep_n1").post(f"/insights/purchases/new?customer_id={alpha}",
                                              data={"amount": "1"}).status_code == 403
    assert client.get(f"/insights/purchases/new?customer_id={insights.acme.customers['s1'].id}").status_code == 404
    assert client.get("/insights/purchases/new?customer_id=abc").status_code == 404


def test_the_list_page_filters_and_deletes_and_its_bad_filters_are_said(insights, page_client, tenant_session):
    alpha = insights.acme.customers["n1_alpha"].id
    early = add_purchase(insights, tenant_session, "n1_alpha", day=date(2026, 1, 5), product="Early")
    add_purchase(insights, tenant_session, "n1_alpha", day=date(2026, 3, 5), product="Late")
    add_purchase(insights, tenant_session, "n1_alpha", day=date(2026, 3, 6), product="Paid", source="sales_payment",
                 source_ref="5")
    client = page_client("acme", "manager_north")

    page = client.get(f"/insights/purchases/?customer_id={alpha}&from=2026-03-01").get_data(as_text=True)

    assert "Late" in page and "Paid" in page and "Early" not in page and "Alpha Trading" in page
    assert client.get("/insights/purchases/?from=yesterday").status_code == 400
    assert client.post(f"/insights/purchases/{early}/delete", data={"next": "/insights/purchases/"}).status_code == 302
    assert [row[5] for row in stored_purchases(tenant_session)] == ["Late", "Paid"]
    assert page_client("acme", "rep_n1").post(f"/insights/purchases/{early}/delete").status_code in (403, 404)


def test_numbers_and_referrals_through_the_panel_forms(insights, page_client, tenant_session):
    customers = insights.acme.customers
    alpha = customers["n1_alpha"].id
    set_number(insights, tenant_session, "n1_beta", "ERP-B")
    rep = page_client("acme", "rep_n1")

    rep.post(f"/insights/purchases/customers/{alpha}/number", data={"number": "ERP-B"})
    clash = rep.get(f"/customers/{alpha}").get_data(as_text=True)
    assert "ERP-B" in clash and "Beta Foods" in clash  # the flash names the holder rep_n1 sees
    assert rep.post(f"/insights/purchases/customers/{alpha}/number", data={"number": "ERP-A"}).status_code == 302
    assert "ERP-A" in rep.get(f"/customers/{alpha}").get_data(as_text=True)
    assert rep.post(f"/insights/purchases/customers/{alpha}/number/delete").status_code == 302
    assert "ERP-A" not in rep.get(f"/customers/{alpha}").get_data(as_text=True)

    rep.post(f"/insights/referrals/customers/{alpha}/new", data={"referred_name": "Beta Foods",
                                                                  "referred_on": "2026-03-01"})
    rep.post(f"/insights/referrals/customers/{alpha}/new", data={"referred_name": "新客户有限公司", "note": "朋友介绍"})
    rep.post(f"/insights/referrals/customers/{alpha}/new", data={"referred_name": "Later", "referred_on": "3026-01-01"})
    with tenant_session("acme") as session:
        made = {r.referred_name: (r.referred_customer_id, r.note) for r in session.scalars(select(Referral))}
    assert made == {"Beta Foods": (customers["n1_beta"].id, None), "新客户有限公司": (None, "朋友介绍")}
    panel = rep.get(f"/customers/{alpha}").get_data(as_text=True)
    assert f'href="/customers/{customers["n1_beta"].id}">Beta Foods</a>' in panel
    referral = add_referral(insights, tenant_session, "n1_alpha", name="Gone")
    assert rep.post(f"/insights/referrals/{referral}/delete").status_code == 302
    assert page_client("acme", "rep_n2").post(f"/insights/referrals/{referral}/delete").status_code == 404


def test_the_pages_are_in_chinese(insights, app, api_client, page_client, tenant_session):
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    alpha = insights.acme.customers["n1_alpha"].id
    add_purchase(insights, tenant_session, "n1_alpha", product="阀门", order_number="SO-1", quantity=2)
    add_purchase(insights, tenant_session, "n1_alpha", source="sales_payment", source_ref="9")
    set_number(insights, tenant_session, "n1_alpha", "ERP-1")
    add_referral(insights, tenant_session, "n1_alpha", referred="n1_beta")
    add_referral(insights, tenant_session, "n1_alpha", referred="s1")  # a customer the manager may not see
    phrases, data = i18n_support.english_phrases(), i18n_support.user_data(app)
    client = page_client("acme", "manager_north")
    problems = {}
    for url in (f"/customers/{alpha}", "/insights/purchases/", f"/insights/purchases/?customer_id={alpha}",
                f"/insights/purchases/new?customer_id={alpha}", "/insights/purchases/?from=nonsense"):
        page = client.get(url)
        assert page.status_code in (200, 400), url
        text = i18n_support.visible_text(page.get_data(as_text=True), data)
        found = i18n_support.english_in(text, phrases)
        if found:
            problems[url] = found
    assert not problems, f"English text on zh_CN pages: {problems}"
    panel = client.get(f"/customers/{alpha}").get_data(as_text=True)
    assert "购买记录" in panel and "推荐" in panel and "Delta Shipping" not in panel
