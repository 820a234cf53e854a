"""The contracts API: made from a won opportunity, an accepted quote or for a customer; plans that add up."""
from datetime import date

from sqlalchemy import func, select

from plugins.sales_automation.models import Contract, Instalment
from sales_documents_support import quote_for, won_opportunity


def contract_count(tenant_session, tenant="acme"):
    with tenant_session(tenant) as session:
        return session.scalar(select(func.count()).select_from(Contract))


def test_a_won_opportunity_gives_its_customer_amount_currency_and_owner(sales, api_client, tenant_session):
    with tenant_session("acme") as session:
        opportunity_id = won_opportunity(sales.acme, owner="rep_n1", amount="12000.00").id
        session.commit()
    manager = api_client("acme", "manager_north")
    response = manager.post("/api/v1/sales/contracts", json={"opportunity_id": opportunity_id,
                                                             "start_date": "2026-01-01", "signed_on": "2025-12-20"})
    assert response.status_code == 201, response.get_json()
    contract = response.get_json()
    assert contract["number"] == f"HT-{date.today().year}-0001"
    assert (contract["customer_id"], contract["owner_id"], contract["amount"], contract["currency"]) == (
        sales.acme.customers["n1_alpha"].id, sales.acme.users["rep_n1"].id, "12000.00", "CNY")
    assert (contract["title"], contract["status"], contract["opportunity_id"]) == ("ERP rollout", "active",
                                                                                   opportunity_id)
    assert [(i["due_date"], i["amount"], i["paid"]) for i in contract["instalments"]] == [
        ("2026-01-01", "12000.00", "0.00")], "no plan given: the whole amount on the start date"


def test_an_open_opportunity_makes_no_contract(sales, api_client, tenant_session):
    with tenant_session("acme") as session:
        opportunity_id = won_opportunity(sales.acme, won=False).id
        session.commit()
    response = api_client("acme", "rep_n1").post("/api/v1/sales/contracts", json={"opportunity_id": opportunity_id})
    assert response.status_code == 422 and "won" in response.get_json()["error"]["message"]
    assert contract_count(tenant_session) == 0


def test_an_accepted_quote_gives_its_total_and_links(sales, api_client, tenant_session):
    with tenant_session("acme") as session:
        opportunity = won_opportunity(sales.acme, won=False)
        accepted = quote_for(session, sales.acme, status="accepted", opportunity_id=opportunity.id)
        draft = quote_for(session, sales.acme)
        session.commit()
        accepted_id, draft_id, opportunity_id = accepted.id, draft.id, opportunity.id
    rep = api_client("acme", "rep_n1")
    assert rep.post("/api/v1/sales/contracts", json={"quote_id": draft_id}).status_code == 422
    response = rep.post("/api/v1/sales/contracts", json={"quote_id": accepted_id, "split": {"count": 3}})
    assert response.status_code == 201, response.get_json()
    contract = response.get_json()
    assert (contract["amount"], contract["quote_id"], contract["opportunity_id"]) == ("1130.00", accepted_id,
                                                                                      opportunity_id)
    assert [i["amount"] for i in contract["instalments"]] == ["376.66", "376.66", "376.68"]


def test_instalments_must_add_up_and_nothing_is_written_otherwise(sales, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")
    body = {"customer_id": sales.acme.customers["n1_alpha"].id, "title": "Maintenance", "amount": "1000.00",
            "start_date": "2026-02-01",
            "instalments": [{"due_date": "2026-02-01", "amount": "300.00"}, {"due_date": "2026-05-01",
                                                                             "amount": "690.00"}]}
    response = rep.post("/api/v1/sales/contracts", json=body)
    assert response.status_code == 422
    message = response.get_json()["error"]["message"]
    assert "10.00" in message and "less" in message, message
    body["instalments"][1]["amount"] = "700.01"
    message = rep.post("/api/v1/sales/contracts", json=body).get_json()["error"]["message"]
    assert "0.01" in message and "more" in message, message
    body["instalments"] = []
    assert rep.post("/api/v1/sales/contracts", json=body).status_code == 422
    assert contract_count(tenant_session) == 0
    with tenant_session("acme") as session:
        assert session.scalar(select(func.count()).select_from(Instalment)) == 0
    body["instalments"] = [{"due_date": "2026-05-01", "amount": "700.00"}, {"due_date": "2026-02-01",
                                                                            "amount": "300.00"}]
    made = rep.post("/api/v1/sales/contracts", json=body).get_json()
    assert [(i["position"], i["due_date"]) for i in made["instalments"]] == [(1, "2026-02-01"), (2, "2026-05-01")]


def test_the_split_puts_the_remainder_on_the_last_instalment_month_by_month(sales, api_client):
    rep = api_client("acme", "rep_n1")
    made = rep.post("/api/v1/sales/contracts", json={
        "customer_id": sales.acme.customers["n1_alpha"].id, "title": "Rent", "amount": "100.00",
        "start_date": "2026-01-31", "split": {"count": 3, "every_months": 1}}).get_json()
    assert [(i["due_date"], i["amount"]) for i in made["instalments"]] == [
        ("2026-01-31", "33.33"), ("2026-02-28", "33.33"), ("2026-03-31", "33.34")]


def test_end_before_start_and_bad_amounts_are_refused(sales, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")
    base = {"customer_id": sales.acme.customers["n1_alpha"].id, "title": "T", "amount": "10.00"}
    for extra, field in [({"start_date": "2026-03-01", "end_date": "2026-02-28"}, "end_date"),
                         ({"amount": "0"}, "amount"), ({"amount": "1.001"}, "amount"),
                         ({"owner_id": 999999999}, "owner_id")]:
        response = rep.post("/api/v1/sales/contracts", json={**base, **extra})
        assert response.status_code == 422 and field in response.get_json()["error"]["fields"], extra
    assert contract_count(tenant_session) == 0


def test_the_plan_is_edited_but_paid_instalments_stay(sales, api_client, tenant_session):
    rep = api_client("acme", "rep_n1")
    made = rep.post("/api/v1/sales/contracts", json={
        "customer_id": sales.acme.customers["n1_alpha"].id, "title": "Rent", "amount": "900.00",
        "start_date": "2026-01-01", "split": {"count": 3, "every_months": 2}}).get_json()
    first, second, third = made["instalments"]
    with tenant_session("acme") as session:
        session.get(Instalment, first["id"]).paid = 100
        session.commit()
    url = f"/api/v1/sales/contracts/{made['id']}"
    moved = [{"id": first["id"], "due_date": first["due_date"], "amount": "300.00"},
             {"id": second["id"], "due_date": "2026-04-15", "amount": "200.00"},
             {"due_date": "2026-06-01", "amount": "400.00", "note": "final"}]
    changed = rep.patch(url, json={"instalments": moved}).get_json()
    assert [(i["due_date"], i["amount"]) for i in changed["instalments"]] == [
        ("2026-01-01", "300.00"), ("2026-04-15", "200.00"), ("2026-06-01", "400.00")]
    assert third["id"] not in {i["id"] for i in changed["instalments"]}
    for plan in ([{"id": first["id"], "due_date": first["due_date"], "amount": "350.00"},
                  {"due_date": "2026-06-01", "amount": "550.00"}],
                 [{"due_date": "2026-06-01", "amount": "900.00"}]):
        response = rep.patch(url, json={"instalments": plan})
        assert response.status_code == 422 and "payments" in response.get_json()["error"]["message"]
    assert rep.patch(url, json={"split": {"count": 2}}).status_code == 422
    assert rep.patch(url, json={"amount": "1000.00"}).status_code == 422, "the plan no longer adds up"
    assert rep.get(url).get_json()["amount"] == "900.00"
    other = rep.post("/api/v1/sales/contracts", json={"customer_id": sales.acme.customers["n1_beta"].id,
                                                      "title": "Other", "amount": "5.00"}).get_json()
    foreign = [{"id": other["instalments"][0]["id"], "due_date": "2026-01-01", "amount": "900.00"}]
    assert rep.patch(url, json={"instalments": foreign}).status_code == 422


def test_the_list_filters_by_status_owner_customer_and_signing_period(sales, api_client):
    admin = api_client("acme", "admin")
    customers, users = sales.acme.customers, sales.acme.users
    for customer, owner, signed, status in [("n1_alpha", "rep_n1", "2026-01-10", "active"),
                                            ("n1_beta", "rep_n1", "2026-02-10", "completed"),
                                            ("n2", "rep_n2", "2026-03-10", "active")]:
        response = admin.post("/api/v1/sales/contracts", json={
            "customer_id": customers[customer].id, "owner_id": users[owner].id, "title": customer, "amount": "1.00",
            "signed_on": signed, "status": status})
        assert response.status_code == 201, response.get_json()

    def titles(**query):
        return sorted(item["title"] for item in admin.get("/api/v1/sales/contracts", query_string=query)
                      .get_json()["items"])

    assert titles() == ["n1_alpha", "n1_beta", "n2"]
    assert titles(status="active") == ["n1_alpha", "n2"]
    assert titles(owner_id=users["rep_n1"].id) == ["n1_alpha", "n1_beta"]
    assert titles(customer_id=customers["n2"].id) == ["n2"]
    assert titles(signed_from="2026-02-01", signed_to="2026-03-01") == ["n1_beta"]
    assert admin.get("/api/v1/sales/contracts", query_string={"status": "lost"}).status_code == 422
    page = admin.get("/api/v1/sales/contracts", query_string={"limit": 2}).get_json()
    rest = admin.get("/api/v1/sales/contracts", query_string={"limit": 2, "cursor": page["next_cursor"]}).get_json()
    assert len(page["items"]) == 2 and len(rest["items"]) == 1 and rest["next_cursor"] is None
