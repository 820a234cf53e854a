"""Converting leads: duplicates by email, phone and name, seen or not, linking instead, and all-or-nothing writes."""
from sqlalchemy import func, select

from crm_platform.sdk import Contact, Customer
from plugins.sales_automation.models import Opportunity
from sales_leads_support import LEADS, new_lead


def worked_lead(api_client, user="rep_n1", **fields):
    lead = new_lead(api_client, user=user, **fields)
    api_client("acme", user).post(f"{LEADS}/{lead['id']}/work")
    return lead


def convert(api_client, lead, user="rep_n1", **body):
    return api_client("acme", user).post(f"{LEADS}/{lead['id']}/convert", json=body)


def counts(tenant_session):
    with tenant_session("acme") as session:
        return tuple(session.scalar(select(func.count()).select_from(model)) for model in (Customer, Contact,
                                                                                           Opportunity))


def test_a_clean_conversion_makes_customer_contact_and_opportunity(sales, api_client, tenant_session):
    lead = worked_lead(api_client, name="Liu Yang", company="Jade River Co", email="liu@jade.test",
                       phone="13812345678", source="exhibition", region="North", title="Buyer")
    before = counts(tenant_session)
    done = convert(api_client, lead, opportunity={"amount": "12000.50", "expected_close": "2027-01-31"})
    assert done.status_code == 200, done.get_json()
    converted = done.get_json()
    assert converted["status"] == "converted" and converted["converted_at"]
    assert counts(tenant_session) == (before[0] + 1, before[1] + 1, before[2] + 1)
    with tenant_session("acme") as session:
        customer = session.get(Customer, converted["customer_id"])
        contact = session.get(Contact, converted["contact_id"])
        deal = session.get(Opportunity, converted["opportunity_id"])
        assert (customer.name, customer.kind, customer.source, customer.region, customer.owner_id) == (
            "Jade River Co", "company", "exhibition", "North", sales.acme.users["rep_n1"].id)
        assert (contact.customer_id, contact.name, contact.title) == (customer.id, "Liu Yang", "Buyer")
        assert (deal.customer_id, deal.contact_id, deal.lead_id, str(deal.amount)) == (
            customer.id, contact.id, lead["id"], "12000.50")
    assert api_client("acme", "rep_n1").get(f"/api/v1/customers/{customer.id}").status_code == 200
    assert convert(api_client, lead).status_code == 422  # converted already


def test_duplicates_by_email_phone_and_name_are_reported(sales, api_client, tenant_session):
    alpha = sales.acme.customers["n1_alpha"].id
    for fields, kind in (({"email": "BUY@alpha.test"}, "email"), ({"phone": "+1 555 0101"}, "phone"),
                         ({"company": "Alpha Trading"}, "name")):
        lead = worked_lead(api_client, **fields)
        before = counts(tenant_session)
        refused = convert(api_client, lead)
        assert refused.status_code == 409
        assert refused.get_json()["error"]["duplicates"] == [
            {"id": alpha, "name": "Alpha Trading", "fields": [kind], "visible": True}]
        assert counts(tenant_session) == before
        listed = api_client("acme", "rep_n1").get(f"{LEADS}/{lead['id']}/duplicates").get_json()["items"]
        assert [match["id"] for match in listed] == [alpha]


def test_a_duplicate_the_user_may_not_see_is_reported_without_details(sales, api_client):
    lead = worked_lead(api_client, company="Delta Shipping")
    refused = convert(api_client, lead).get_json()["error"]["duplicates"]
    assert refused == [{"id": None, "name": None, "fields": ["name"], "visible": False}]
    linked = convert(api_client, lead, customer_id=sales.acme.customers["s1"].id)
    assert linked.status_code == 422 and "customer_id" in linked.get_json()["error"]["fields"]
    anyway = convert(api_client, lead, allow_duplicate=True)
    assert anyway.status_code == 200 and anyway.get_json()["customer_id"] != sales.acme.customers["s1"].id


def test_link_to_an_existing_customer_instead_of_creating_one(sales, api_client, tenant_session):
    alpha = sales.acme.customers["n1_alpha"].id
    lead = worked_lead(api_client, name="Chen Jie", email="buy@alpha.test")
    before = counts(tenant_session)
    linked = convert(api_client, lead, customer_id=alpha, opportunity={"name": "Second order"})
    assert linked.status_code == 200, linked.get_json()
    assert linked.get_json()["customer_id"] == alpha
    assert counts(tenant_session) == (before[0], before[1] + 1, before[2] + 1)
    with tenant_session("acme") as session:
        assert session.get(Opportunity, linked.get_json()["opportunity_id"]).name == "Second order"


def test_another_workspaces_customer_cannot_be_linked(sales, api_client):
    lead = worked_lead(api_client)
    refused = convert(api_client, lead, customer_id=sales.globex.customers["n1_alpha"].id)
    assert refused.status_code == 422 and "customer_id" in refused.get_json()["error"]["fields"]


def test_nothing_is_half_written_when_a_step_fails(sales, api_client, tenant_session):
    lead = worked_lead(api_client, company="Pine Labs", name="Bad Mail")
    before = counts(tenant_session)
    refused = convert(api_client, lead, opportunity={"pipeline_id": sales.globex.id})
    assert refused.status_code == 422 and "opportunity" in refused.get_json()["error"]["fields"]
    assert counts(tenant_session) == before
    assert api_client("acme", "rep_n1").get(f"{LEADS}/{lead['id']}").get_json()["status"] == "working"


def test_only_worked_or_qualified_leads_convert(sales, api_client):
    lead = new_lead(api_client)
    assert convert(api_client, lead).status_code == 422


def test_merging_customers_moves_the_leads(sales, api_client, tenant_session):
    lead = worked_lead(api_client, company="Brand New Ltd")
    made = convert(api_client, lead).get_json()["customer_id"]
    kept = sales.acme.customers["n1_beta"].id
    merged = api_client("acme", "admin").post(f"/api/v1/customers/{kept}/merge", json={"merge_id": made})
    assert merged.status_code in (200, 201), merged.get_json()
    assert api_client("acme", "rep_n1").get(f"{LEADS}/{lead['id']}").get_json()["customer_id"] == kept


def test_the_leads_to_dos_follow_it_onto_the_customer(sales, api_client, tenant_session):
    lead = worked_lead(api_client, name="Hu Jun", company="Willow Hill Ltd", email="hu@willow.test")
    made = api_client("acme", "rep_n1").post("/api/v1/sales/todos", json={
        "title": "Call back", "due_date": "2027-01-05", "lead_id": lead["id"]})
    assert made.status_code == 201, made.get_json()
    converted = convert(api_client, lead).get_json()
    todo = api_client("acme", "rep_n1").get(f"/api/v1/sales/todos/{made.get_json()['id']}").get_json()
    assert (todo["lead_id"], todo["customer_id"]) == (lead["id"], converted["customer_id"])


def test_deleting_a_converted_lead_keeps_the_to_dos_on_its_customer(sales, api_client, page_client):
    rep = api_client("acme", "rep_n1")

    def todo_on(lead):
        made = rep.post("/api/v1/sales/todos", json={"title": "Call back", "due_date": "2027-01-05",
                                                     "lead_id": lead["id"]})
        assert made.status_code == 201, made.get_json()
        return made.get_json()["id"]

    converted_lead = worked_lead(api_client, name="Hu Jun", company="Willow Hill Ltd", email="hu@willow.test")
    kept = todo_on(converted_lead)
    customer_id = convert(api_client, converted_lead).get_json()["customer_id"]
    plain_lead = new_lead(api_client, name="Only a lead")
    gone = todo_on(plain_lead)
    by_page = worked_lead(api_client, name="Ma Li", company="Birch Lane Ltd", email="ma@birch.test")
    kept_too = todo_on(by_page)
    convert(api_client, by_page)

    assert rep.delete(f"{LEADS}/{converted_lead['id']}").status_code == 204
    assert rep.delete(f"{LEADS}/{plain_lead['id']}").status_code == 204
    assert page_client("acme", "rep_n1").post(f"/sales/leads/{by_page['id']}/delete").status_code == 302

    todo = rep.get(f"/api/v1/sales/todos/{kept}").get_json()
    assert (todo["lead_id"], todo["customer_id"]) == (None, customer_id)
    assert rep.get(f"/api/v1/sales/todos/{kept_too}").get_json()["lead_id"] is None
    assert rep.get(f"/api/v1/sales/todos/{gone}").status_code == 404
