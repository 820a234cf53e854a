"""Competitors bidding for an opportunity: listed by who may change it, seen by who may see it."""
from sales_comptodos_support import close_deal, make_competitor, make_deal
from sqlalchemy import select

from plugins.sales_automation.models import Opportunity, OpportunityCompetitor


def bidders_url(deal_id):
    return f"/api/v1/sales/opportunities/{deal_id}/competitors"


def test_the_owner_adds_and_removes_bidders_with_a_note(sales, api_client, tenant_session):
    deal = make_deal(sales, tenant_session)
    kingdee = make_competitor(tenant_session, name="Kingdee")
    yonyou = make_competitor(tenant_session, name="Yonyou")
    rep = api_client("acme", "rep_n1")
    added = rep.post(bidders_url(deal), json={"competitor_id": yonyou, "notes": "Offered 10% off"})
    assert added.status_code == 201 and added.json["name"] == "Yonyou"
    assert rep.post(bidders_url(deal), json={"competitor_id": kingdee}).status_code == 201
    listed = rep.get(bidders_url(deal)).json["items"]
    assert [(b["name"], b["notes"]) for b in listed] == [("Kingdee", None), ("Yonyou", "Offered 10% off")]
    assert rep.post(bidders_url(deal), json={"competitor_id": kingdee}).status_code == 409
    assert rep.post(bidders_url(deal), json={"competitor_id": 999_999}).status_code == 422
    assert rep.delete(f"{bidders_url(deal)}/{kingdee}").status_code == 204
    assert rep.delete(f"{bidders_url(deal)}/{kingdee}").status_code == 404
    assert [b["name"] for b in rep.get(bidders_url(deal)).json["items"]] == ["Yonyou"]


def test_who_may_see_reads_who_may_change_writes(sales, api_client, tenant_session):
    deal = make_deal(sales, tenant_session, customer="s1_shared", owner="rep_s1")  # shared with rep_n1
    competitor = make_competitor(tenant_session)
    shared = api_client("acme", "rep_n1")
    assert shared.get(bidders_url(deal)).status_code == 200
    assert shared.post(bidders_url(deal), json={"competitor_id": competitor}).status_code == 403
    manager = api_client("acme", "manager_south")
    assert manager.post(bidders_url(deal), json={"competitor_id": competitor}).status_code == 201
    assert shared.delete(f"{bidders_url(deal)}/{competitor}").status_code == 403
    for outsider in ("rep_n2", "manager_north"):
        client = api_client("acme", outsider)
        assert client.get(bidders_url(deal)).status_code == 404
        assert client.delete(f"{bidders_url(deal)}/{competitor}").status_code == 404
    assert api_client("acme", "executive").get(bidders_url(deal)).status_code == 200


def test_the_partial_lists_bidders_and_the_winner_and_its_forms_go_back(sales, page_client, tenant_session):
    deal = make_deal(sales, tenant_session)
    huawei = make_competitor(tenant_session, name="Huawei Cloud")
    browser = page_client("acme", "rep_n1")
    back_to = f"/sales/competitors/opportunities/{deal}?from=board"
    answer = browser.post(f"/sales/competitors/opportunities/{deal}/bidders",
                          data={"competitor_id": str(huawei), "notes": "Bundled hardware", "next": back_to})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(back_to)
    evil = browser.post(f"/sales/competitors/opportunities/{deal}/bidders",
                        data={"competitor_id": str(huawei), "next": "//evil.example/"})
    assert evil.headers["Location"].endswith(f"/sales/competitors/opportunities/{deal}")
    kingdee = make_competitor(tenant_session, name="Kingdee")
    choices = browser.get(f"/sales/competitors/opportunities/{deal}").get_data(as_text=True)
    assert f'<option value="{kingdee}">Kingdee</option>' in choices and f'<option value="{huawei}">' not in choices
    close_deal(tenant_session, "acme", deal, "lost", winner_id=huawei)
    page = browser.get(f"/sales/competitors/opportunities/{deal}").get_data(as_text=True)
    assert "Bundled hardware" in page and "Lost to Huawei Cloud." in page
    assert f'action="/sales/competitors/opportunities/{deal}/bidders/{huawei}/delete' in page
    shared_view = page_client("acme", "manager_south").get(f"/sales/competitors/opportunities/{deal}")
    assert shared_view.status_code == 404
    removed = browser.post(f"/sales/competitors/opportunities/{deal}/bidders/{huawei}/delete?next={back_to}")
    assert removed.status_code == 302
    with tenant_session("acme") as session:
        assert session.scalar(select(OpportunityCompetitor).where(OpportunityCompetitor.opportunity_id == deal)) is None


def test_deleting_a_competitor_forgets_it_as_a_winner(sales, api_client, tenant_session):
    deal = make_deal(sales, tenant_session)
    competitor = make_competitor(tenant_session, bids=[deal])
    close_deal(tenant_session, "acme", deal, "lost", winner_id=competitor)
    assert api_client("acme", "admin").delete(f"/api/v1/sales/competitors/{competitor}").status_code == 204
    with tenant_session("acme") as session:
        assert session.get(Opportunity, deal).winner_competitor_id is None
        assert session.scalar(select(OpportunityCompetitor)) is None


def test_the_bidder_form_refuses_a_competitor_that_is_not_an_id(sales, page_client, tenant_session):
    deal = make_deal(sales, tenant_session)
    browser = page_client("acme", "rep_n1")
    page = f"/sales/competitors/opportunities/{deal}"
    for value in (str(2**63), "²", "", "kingdee"):
        answer = browser.post(f"{page}/bidders", data={"competitor_id": value})
        assert answer.status_code == 302 and answer.headers["Location"].endswith(page)
        assert "Choose a competitor." in browser.get(answer.headers["Location"]).get_data(as_text=True)
