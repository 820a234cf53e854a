"""Cross-tenant walk of the contract routes: another workspace's contracts are 404, like missing ones."""
from plugins.sales_automation.contracts.service import create_contract
from sales_documents_support import quote_for, won_opportunity
from sales_walk import walk_feature

BODIES = {
    "sales/contracts": {"PATCH": {"notes": "Checked"}},
    "sales/contracts/edit": {"POST": {"title": "Renamed", "amount": "100.00", "start_date": "2026-01-01",
                                      "status": "active", "instalment_due_date": "2026-01-01",
                                      "instalment_amount": "100.00"}},
}


def contract_ids(tenant_session, tw):
    """{"contract_id", "opportunity_id", "quote_id"}: a contract of `tw`, a won opportunity, an accepted quote."""
    with tenant_session(tw.slug) as session:
        opportunity = won_opportunity(tw)
        quote = quote_for(session, tw, status="accepted")
        contract = create_contract({"customer_id": tw.customers["n1_alpha"].id, "owner_id": tw.users["rep_n1"].id,
                                    "title": "Support", "amount": 100, "split": {"count": 2, "every_months": 6}})
        session.commit()
        return {"contract_id": contract.id, "opportunity_id": opportunity.id, "quote_id": quote.id}


def test_every_contract_route_answers_another_workspaces_ids_as_missing(sales, app, api_client, page_client,
                                                                        tenant_session):
    ids = {tw.slug: contract_ids(tenant_session, tw) for tw in (sales.acme, sales.globex)}
    walked = walk_feature(app, sales, api_client, page_client, "contracts", ids, BODIES)
    assert walked >= 3


def test_sources_of_another_workspace_are_missing_too(sales, api_client, page_client, tenant_session):
    foreign = contract_ids(tenant_session, sales.globex)
    admin, pages = api_client("acme", "admin"), page_client("acme", "admin")
    for key in ("opportunity_id", "quote_id"):
        answer = admin.post("/api/v1/sales/contracts", json={key: foreign[key]})
        missing = admin.post("/api/v1/sales/contracts", json={key: 999999999})
        assert answer.status_code == 404 and answer.get_json() == missing.get_json(), key
        assert pages.get(f"/sales/contracts/new?{key}={foreign[key]}").status_code == 404
    other = admin.post("/api/v1/sales/contracts", json={"customer_id": sales.globex.customers["house"].id,
                                                        "title": "T", "amount": "1.00"})
    assert other.status_code == 404
    assert admin.get("/api/v1/sales/contracts", query_string={"customer_id": sales.globex.customers["n1_alpha"].id}
                     ).get_json()["items"] == []


def test_a_rep_who_may_not_see_the_customer_gets_the_same_404(sales, api_client, page_client, tenant_session):
    ids = contract_ids(tenant_session, sales.acme)  # on n1_alpha, owned by rep_n1
    for user in ("rep_n2", "rep_s1", "manager_south"):
        api, pages = api_client("acme", user), page_client("acme", user)
        for client, url in ((api, f"/api/v1/sales/contracts/{ids['contract_id']}"),
                            (pages, f"/sales/contracts/{ids['contract_id']}"),
                            (pages, f"/sales/contracts/{ids['contract_id']}/edit")):
            answer, missing = client.get(url), client.get(url.replace(str(ids["contract_id"]), "999999999"))
            assert answer.status_code == missing.status_code == 404, (user, url)
        assert api.patch(f"/api/v1/sales/contracts/{ids['contract_id']}", json={"notes": "x"}).status_code == 404
    assert api_client("acme", "manager_north").get(f"/api/v1/sales/contracts/{ids['contract_id']}").status_code == 200
