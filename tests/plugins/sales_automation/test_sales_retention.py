"""Contracts outlive neither merges nor deletions by accident: they follow a merge and keep their customer."""
from sqlalchemy import select

from plugins.sales_automation.models import Contract
from payments_support import make_contract


def test_a_customer_with_a_contract_cannot_be_deleted(sales, tenant_session, api_client, page_client, enable_plugin):
    with tenant_session("acme"):
        contract_id, _ = make_contract(sales.acme, customer="n1_alpha")
    alpha = sales.acme.customers["n1_alpha"].id
    # Even with the module turned off: its data stays in place, and so does the customer it belongs to.
    enable_plugin("acme", "sales_automation", enabled=False)
    refused = api_client("acme", "admin").delete(f"/api/v1/customers/{alpha}")
    assert refused.status_code == 409
    assert "It has 1 contract; contracts and their payments are kept." in refused.json["error"]["message"]
    page = page_client("acme", "admin").post(f"/customers/{alpha}/delete", follow_redirects=True)
    assert "contracts and their payments are kept" in page.get_data(as_text=True)
    with tenant_session("acme") as session:
        assert session.get(Contract, contract_id).customer_id == alpha
    # A customer without contracts goes as before.
    assert api_client("acme", "admin").delete(f"/api/v1/customers/{sales.acme.customers['n1_beta'].id}") \
        .status_code == 204


def test_a_merge_moves_the_contracts_even_while_the_module_is_off(sales, tenant_session, api_client, enable_plugin):
    with tenant_session("acme"):
        contract_id, _ = make_contract(sales.acme, customer="n1_beta")
    alpha, beta = sales.acme.customers["n1_alpha"].id, sales.acme.customers["n1_beta"].id
    enable_plugin("acme", "sales_automation", enabled=False)
    merged = api_client("acme", "admin").post(f"/api/v1/customers/{alpha}/merge", json={"merge_id": beta})
    assert merged.status_code == 200, merged.json
    with tenant_session("acme") as session:
        assert session.scalars(select(Contract.customer_id).where(Contract.id == contract_id)).one() == alpha
