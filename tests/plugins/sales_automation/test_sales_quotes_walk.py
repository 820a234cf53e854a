"""Cross-tenant walk of the quote routes: another workspace's quotes and lines are 404, like missing ones."""
from sqlalchemy import select

from plugins.sales_automation.models import QuoteLine
from sales_documents_support import quote_for, won_opportunity
from sales_walk import walk_feature

LINE = {"description": "Desk", "quantity": "1", "unit_price": "10", "tax_rate": "13"}
BODIES = {
    "sales/quotes": {"PATCH": {"title": "Renamed"}},
    "sales/quotes/edit": {"POST": {"title": "Renamed"}},
    "sales/quotes/lines": {"POST": LINE, "PATCH": {"quantity": "2"}},
    "sales/quotes/lines/edit": {"POST": LINE},
    "sales/quotes/lines/delete": {"POST": {}},
    "sales/quotes/lines/move": {"POST": {"direction": "up"}},
    "sales/quotes/status": {"POST": {"change": "send"}},
    "sales/quotes/send": {"POST": {}},
    "sales/quotes/accept": {"POST": {}},
    "sales/quotes/reject": {"POST": {}},
}


def quote_ids(tenant_session, tw):
    """{"quote_id", "line_id", "opportunity_id"} of a draft quote of `tw` with two lines, on an opportunity."""
    with tenant_session(tw.slug) as session:
        opportunity = won_opportunity(tw)
        quote = quote_for(session, tw, opportunity_id=opportunity.id, lines=[
            {"description": "A", "quantity": 1, "unit_price": 5}, {"description": "B", "quantity": 2, "unit_price": 7}])
        session.commit()
        line = session.scalars(select(QuoteLine).where(QuoteLine.quote_id == quote.id)
                               .order_by(QuoteLine.position)).all()[-1]
        return {"quote_id": quote.id, "line_id": line.id, "opportunity_id": opportunity.id}


def test_every_quote_route_answers_another_workspaces_ids_as_missing(sales, app, api_client, page_client,
                                                                     tenant_session):
    ids = {tw.slug: quote_ids(tenant_session, tw) for tw in (sales.acme, sales.globex)}
    walked = walk_feature(app, sales, api_client, page_client, "quotes", ids, BODIES)
    assert walked >= 12


def test_ids_in_bodies_and_queries_are_checked_too(sales, api_client, page_client, tenant_session):
    foreign = quote_ids(tenant_session, sales.globex)
    admin, pages = api_client("acme", "admin"), page_client("acme", "admin")
    missing = admin.post("/api/v1/sales/quotes", json={"customer_id": 999999999, "title": "T"})
    other = admin.post("/api/v1/sales/quotes", json={"customer_id": sales.globex.customers["house"].id, "title": "T"})
    assert other.status_code == 404 and other.get_json() == missing.get_json()
    linked = admin.post("/api/v1/sales/quotes", json={"customer_id": sales.acme.customers["house"].id, "title": "T",
                                                      "opportunity_id": foreign["opportunity_id"],
                                                      "contact_id": sales.globex.contacts["house"].id})
    assert linked.status_code == 422 and set(linked.get_json()["error"]["fields"]) == {"opportunity_id", "contact_id"}
    assert pages.get(f"/sales/quotes/new?opportunity_id={foreign['opportunity_id']}").status_code == 404
    assert pages.get(f"/sales/quotes/new?customer_id={sales.globex.customers['house'].id}").status_code == 404
    assert admin.get("/api/v1/sales/quotes", query_string={"customer_id": sales.globex.customers["n1_alpha"].id}
                     ).get_json()["items"] == []


def test_a_rep_who_may_not_see_the_customer_gets_the_same_404(sales, api_client, page_client, tenant_session):
    ids = quote_ids(tenant_session, sales.acme)  # on n1_alpha, rep_n1's
    for user in ("rep_n2", "rep_s1", "manager_south"):
        api, pages = api_client("acme", user), page_client("acme", user)
        for url in (f"/api/v1/sales/quotes/{ids['quote_id']}", f"/sales/quotes/{ids['quote_id']}",
                    f"/sales/quotes/{ids['quote_id']}/print"):
            client = api if url.startswith("/api") else pages
            answer, missing = client.get(url), client.get(url.replace(str(ids["quote_id"]), "999999999"))
            assert answer.status_code == missing.status_code == 404, (user, url)
        assert api.post(f"/api/v1/sales/quotes/{ids['quote_id']}/send", json={}).status_code == 404
    assert api_client("acme", "manager_north").get(f"/api/v1/sales/quotes/{ids['quote_id']}").status_code == 200
