"""Who may make a contract and for whom, and what a contract's changes keep true once payments are recorded."""
from sqlalchemy import func, select

from plugins.sales_automation.models import Contract
from sales_documents_support import quote_for, won_opportunity

CONTRACTS = "/api/v1/sales/contracts"


def contract_count(tenant_session):
    with tenant_session("acme") as session:
        return session.scalar(select(func.count()).select_from(Contract))


def body(sales, customer, owner=None, amount="1000.00"):
    data = {"customer_id": sales.acme.customers[customer].id, "title": "Support", "amount": amount,
            "start_date": "2026-01-01"}
    if owner:
        data["owner_id"] = sales.acme.users[owner].id
    return data


def refused_on(response, field, status=422):
    assert response.status_code == status, response.get_json()
    return field in response.get_json()["error"].get("fields", {})


def test_a_share_lets_one_look_at_a_customer_not_make_its_contracts(sales, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")  # s1_shared is rep_s1's, only shared with rep_n1
    assert refused_on(rep.post(CONTRACTS, json=body(sales, "s1_shared", owner="rep_s1")), "customer_id")
    assert refused_on(rep.post(CONTRACTS, json=body(sales, "s1_shared")), "customer_id")
    assert rep.post(CONTRACTS, json=body(sales, "s1")).status_code == 404, "an invisible customer stays missing"
    assert contract_count(tenant_session) == 0
    assert api_client("acme", "rep_s1").post(CONTRACTS, json=body(sales, "s1_shared")).status_code == 201


def test_the_owner_is_within_the_makers_reach(sales, api_client, tenant_session):
    rep, manager = api_client("acme", "rep_n1"), api_client("acme", "manager_north")
    for owner in ("executive", "rep_n2"):
        assert refused_on(rep.post(CONTRACTS, json=body(sales, "n1_alpha", owner=owner)), "owner_id"), owner
    assert refused_on(manager.post(CONTRACTS, json=body(sales, "n1_alpha", owner="rep_s1")), "owner_id")
    assert contract_count(tenant_session) == 0
    assert manager.post(CONTRACTS, json=body(sales, "n1_alpha", owner="rep_n1")).status_code == 201
    made = rep.post(CONTRACTS, json=body(sales, "n1_alpha")).get_json()
    assert made["owner_id"] == sales.acme.users["rep_n1"].id
    url = f"{CONTRACTS}/{made['id']}"
    assert refused_on(rep.patch(url, json={"owner_id": sales.acme.users["rep_n2"].id}), "owner_id")
    assert rep.patch(url, json={"owner_id": sales.acme.users["rep_n1"].id, "notes": "same owner"}).status_code == 200
    assert manager.patch(url, json={"owner_id": sales.acme.users["rep_n2"].id}).status_code == 200
    assert refused_on(manager.patch(url, json={"owner_id": sales.acme.users["rep_s1"].id}), "owner_id")
    assert api_client("acme", "executive").patch(url, json={"owner_id": sales.acme.users["rep_s1"].id}).status_code \
        == 200


def test_from_a_source_its_owner_or_whoever_manages_the_customer_makes_the_contract(sales, api_client,
                                                                                    tenant_session):
    with tenant_session("acme") as session:
        shared_deal = won_opportunity(sales.acme, customer="s1_shared", owner="rep_s1").id
        routed_deal = won_opportunity(sales.acme, customer="n1_alpha", owner="rep_s1").id
        own_quote = quote_for(session, sales.acme, customer="s1_shared", owner="rep_n1", status="accepted").id
        session.commit()
    rep = api_client("acme", "rep_n1")
    response = rep.post(CONTRACTS, json={"opportunity_id": shared_deal})
    assert response.status_code == 403 and "owner" in response.get_json()["error"]["message"]
    assert contract_count(tenant_session) == 0
    # Managing the customer is enough, and the contract follows its deal to the deal's owner.
    made = rep.post(CONTRACTS, json={"opportunity_id": routed_deal}).get_json()
    assert made["owner_id"] == sales.acme.users["rep_s1"].id
    assert refused_on(rep.post(CONTRACTS, json={"opportunity_id": routed_deal,
                                                "owner_id": sales.acme.users["executive"].id}), "owner_id")
    # Owning the accepted quote is enough on a customer one only shares.
    made = rep.post(CONTRACTS, json={"quote_id": own_quote}).get_json()
    assert (made["customer_id"], made["owner_id"]) == (sales.acme.customers["s1_shared"].id,
                                                       sales.acme.users["rep_n1"].id)


def test_a_won_opportunity_without_an_amount_asks_for_one(sales, api_client, tenant_session):
    with tenant_session("acme") as session:
        deal = won_opportunity(sales.acme, amount="0").id
        session.commit()
    rep = api_client("acme", "rep_n1")
    response = rep.post(CONTRACTS, json={"opportunity_id": deal})
    assert refused_on(response, "amount") and "amount" in response.get_json()["error"]["fields"]["amount"][0]
    assert contract_count(tenant_session) == 0
    assert rep.post(CONTRACTS, json={"opportunity_id": deal, "amount": "50.00"}).status_code == 201


def pay(client, contract, instalment, amount):
    response = client.post(f"{CONTRACTS}/{contract['id']}/instalments/{instalment['id']}/payments",
                           json={"amount": amount})
    assert response.status_code == 201, response.get_json()


def test_the_currency_stays_once_a_payment_is_recorded(sales, api_client):
    rep = api_client("acme", "rep_n1")
    made = rep.post(CONTRACTS, json=body(sales, "n1_alpha")).get_json()
    url = f"{CONTRACTS}/{made['id']}"
    assert rep.patch(url, json={"currency": "EUR"}).status_code == 200, "no payment yet: it may change"
    pay(rep, made, made["instalments"][0], "400.00")
    response = rep.patch(url, json={"currency": "USD", "notes": "switch"})
    assert refused_on(response, "currency") and "EUR" in response.get_json()["error"]["fields"]["currency"][0]
    assert (rep.get(url).get_json()["currency"], rep.get(url).get_json()["notes"]) == ("EUR", None)
    assert rep.patch(url, json={"currency": "EUR", "notes": "same currency"}).status_code == 200


def test_the_status_follows_the_plan_when_it_changes(sales, api_client):
    rep = api_client("acme", "rep_n1")
    made = rep.post(CONTRACTS, json=body(sales, "n1_alpha", amount="100.00")).get_json()
    url, first = f"{CONTRACTS}/{made['id']}", made["instalments"][0]
    pay(rep, made, first, "100.00")
    assert rep.get(url).get_json()["status"] == "completed"
    kept = {"id": first["id"], "due_date": first["due_date"], "amount": "100.00"}
    raised = rep.patch(url, json={"amount": "150.00", "instalments": [kept, {"due_date": "2026-06-01",
                                                                            "amount": "50.00"}]}).get_json()
    assert raised["status"] == "active", "an unpaid instalment makes it active again (and reminded)"
    assert rep.patch(url, json={"status": "completed"}).get_json()["status"] == "active"
    lowered = rep.patch(url, json={"amount": "100.00", "instalments": [kept]}).get_json()
    assert lowered["status"] == "completed"
    assert rep.patch(url, json={"status": "cancelled"}).get_json()["status"] == "cancelled"
    again = rep.patch(url, json={"amount": "150.00", "instalments": [kept, {"due_date": "2026-06-01",
                                                                           "amount": "50.00"}]}).get_json()
    assert again["status"] == "cancelled", "cancelled stays cancelled"
