"""The contract pages: made from a won opportunity with three instalments, the plan form, list, panels."""
import re

from flask import render_template
from flask_login import login_user
from sqlalchemy import select

from crm_platform.models import User

from plugins.sales_automation.models import Contract, Instalment, Opportunity
from sales_documents_support import won_opportunity


def post(client, url, data):
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sales/contracts/").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token.group(1), **data})


def plan(session, contract_id):
    return [(str(i.due_date), str(i.amount)) for i in session.scalars(
        select(Instalment).where(Instalment.contract_id == contract_id).order_by(Instalment.position))]


HEADER = {"title": "", "amount": "", "currency": "", "owner_id": "", "status": "active", "signed_on": "",
          "start_date": "", "end_date": "", "notes": ""}


def test_a_won_opportunity_becomes_a_contract_with_three_instalments(sales, page_client, tenant_session):
    with tenant_session("acme") as session:
        opportunity_id = won_opportunity(sales.acme, amount="10000.00").id
        session.commit()
    rep = page_client("acme", "rep_n1")
    url = f"/sales/contracts/new?opportunity_id={opportunity_id}"
    form = rep.get(url).get_data(as_text=True)
    assert 'value="ERP rollout"' in form and 'value="10000.00"' in form
    made = post(rep, url, {**HEADER, "title": "ERP rollout", "amount": "10000.00",
                           "owner_id": str(sales.acme.users["rep_n1"].id), "start_date": "2026-03-01",
                           "split_count": "3", "split_every_months": "1", "split_first_due": "2026-03-15"})
    assert made.status_code == 302, made.get_data(as_text=True)
    detail = rep.get(made.headers["Location"]).get_data(as_text=True)
    assert "HT-" in detail and detail.count('id="instalment-') == 3
    whole = post(rep, url, {**HEADER, "title": "Second phase", "amount": "500.00", "start_date": "2026-09-01"})
    assert whole.status_code == 302, "no rows and no split: one instalment of the whole amount"
    with tenant_session("acme") as session:
        contract, second = session.scalars(select(Contract).order_by(Contract.number)).all()
        assert contract.opportunity_id == second.opportunity_id == opportunity_id
        assert plan(session, contract.id) == [("2026-03-15", "3333.33"), ("2026-04-15", "3333.33"),
                                              ("2026-05-15", "3333.34")]
        assert plan(session, second.id) == [("2026-09-01", "500.00")]


def test_the_plan_form_names_the_difference_and_writes_nothing(sales, page_client, tenant_session):
    rep = page_client("acme", "rep_n1")
    customer = sales.acme.customers["n1_alpha"]
    url = f"/sales/contracts/new?customer_id={customer.id}"
    assert customer.name in rep.get(url).get_data(as_text=True)
    rows = {"instalment_id": ["", "", ""], "instalment_due_date": ["2026-01-01", "2026-02-01", ""],
            "instalment_amount": ["400.00", "500.00", ""], "instalment_note": ["", "", ""]}
    refused = post(rep, url, {**HEADER, "title": "Service", "amount": "1000.00", "start_date": "2026-01-01", **rows})
    assert refused.status_code == 422
    assert "¥100.00 less than the contract amount" in refused.get_data(as_text=True)
    with tenant_session("acme") as session:
        assert session.scalar(select(Contract)) is None
    rows["instalment_amount"][1] = "600.00"
    made = post(rep, url, {**HEADER, "title": "Service", "amount": "1000.00", "start_date": "2026-01-01", **rows})
    assert made.status_code == 302
    contract_url = made.headers["Location"]
    with tenant_session("acme") as session:
        contract = session.scalar(select(Contract))
        first = session.scalar(select(Instalment).where(Instalment.contract_id == contract.id,
                                                        Instalment.position == 1))
        first.paid = 400
        session.commit()
        contract_id, first_id = contract.id, first.id
    edit = rep.get(f"{contract_url}/edit").get_data(as_text=True)
    assert "readonly" in edit, "a paid instalment is shown locked"
    changed = post(rep, f"{contract_url}/edit", {
        **HEADER, "title": "Service", "amount": "1000.00", "start_date": "2026-01-01", "status": "active",
        "owner_id": str(sales.acme.users["rep_n1"].id), "instalment_id": [str(first_id), ""],
        "instalment_due_date": ["2026-01-01", "2026-06-01"], "instalment_amount": ["400.00", "600.00"],
        "instalment_note": ["", "last"]})
    assert changed.status_code == 302, changed.get_data(as_text=True)
    with tenant_session("acme") as session:
        assert plan(session, contract_id) == [("2026-01-01", "400.00"), ("2026-06-01", "600.00")]


def test_the_list_panel_and_opportunity_partial_show_visible_contracts(sales, page_client, tenant_session, app,
                                                                       api_client):
    with tenant_session("acme") as session:
        opportunity_id = won_opportunity(sales.acme).id
        session.commit()
    made = api_client("acme", "rep_n1").post("/api/v1/sales/contracts", json={"opportunity_id": opportunity_id})
    number = made.get_json()["number"]
    rep = page_client("acme", "rep_n1")
    assert number in rep.get("/sales/contracts/?status=active").get_data(as_text=True)
    assert number not in rep.get("/sales/contracts/?status=completed").get_data(as_text=True)
    assert rep.get("/sales/contracts/?signed_from=yesterday").status_code == 400
    assert number not in page_client("acme", "rep_n2").get("/sales/contracts/").get_data(as_text=True)
    customer_page = rep.get(f"/customers/{sales.acme.customers['n1_alpha'].id}").get_data(as_text=True)
    assert number in customer_page and "¥12,000.00" in customer_page
    with app.test_request_context(), tenant_session("acme", sales.acme.users["rep_n1"].id) as session:
        login_user(session.get(User, sales.acme.users["rep_n1"].id))
        html = render_template("sales_automation/contracts/_opportunity.html", customer=None, can_manage=True,
                               opportunity=session.get(Opportunity, opportunity_id))
    assert number in html and f"/sales/contracts/new?opportunity_id={opportunity_id}" in html


def test_the_form_offers_customers_one_manages_and_owners_within_reach(sales, page_client, tenant_session):
    rep = page_client("acme", "rep_n1")
    form = rep.get("/sales/contracts/new").get_data(as_text=True)
    owners = form.split('name="owner_id"')[1].split("</select>")[0]
    customers = form.split('name="customer_id"')[1].split("</select>")[0]
    assert "Alpha Trading" in customers and "Epsilon Media" not in customers, "a share does not make contracts"
    assert "Rep N1" in owners and "Rep N2" not in owners and "Executive" not in owners
    refused = post(rep, "/sales/contracts/new", {**HEADER, "customer_id": str(sales.acme.customers["s1_shared"].id),
                                                 "title": "Media deal", "amount": "10.00"})
    assert refused.status_code == 422 and "Choose a customer you manage" in refused.get_data(as_text=True)
    manager = page_client("acme", "manager_north").get("/sales/contracts/new").get_data(as_text=True)
    owners = manager.split('name="owner_id"')[1].split("</select>")[0]
    assert "Rep N1" in owners and "Rep N2" in owners and "Rep S1" not in owners
    with tenant_session("acme") as session:
        assert session.scalar(select(Contract.id)) is None
