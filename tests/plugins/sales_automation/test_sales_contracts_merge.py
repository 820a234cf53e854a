"""Merging duplicate customers: the duplicate's quotes and contracts (with their plans) go to the customer kept."""
from sqlalchemy import select

from plugins.sales_automation.contracts.service import create_contract
from plugins.sales_automation.models import Contract, Instalment, Quote
from sales_documents_support import quote_for


def test_quotes_and_contracts_follow_the_merge(sales, api_client, tenant_session):
    kept, duplicate = sales.acme.customers["n1_alpha"], sales.acme.customers["n1_beta"]
    with tenant_session("acme") as session:
        quote = quote_for(session, sales.acme, customer="n1_beta", status="sent")
        contract = create_contract({"customer_id": duplicate.id, "owner_id": sales.acme.users["rep_n1"].id,
                                    "title": "Supply", "amount": 300, "split": {"count": 3, "every_months": 1}})
        session.commit()
        quote_id, contract_id = quote.id, contract.id
    response = api_client("acme", "admin").post(f"/api/v1/customers/{kept.id}/merge", json={"merge_id": duplicate.id})
    assert response.status_code == 200, response.get_json()
    with tenant_session("acme") as session:
        assert session.get(Quote, quote_id).customer_id == kept.id
        assert session.get(Contract, contract_id).customer_id == kept.id
        assert len(session.scalars(select(Instalment).where(Instalment.contract_id == contract_id)).all()) == 3
    contracts = api_client("acme", "rep_n1").get("/api/v1/sales/contracts",
                                                 query_string={"customer_id": kept.id}).get_json()["items"]
    assert [item["id"] for item in contracts] == [contract_id]
