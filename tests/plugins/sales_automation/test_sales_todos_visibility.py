"""Who sees a to-do: its assignee always; anyone else through the linked customer, opportunity or lead, per role."""
from datetime import date, timedelta

import pytest
from sales_comptodos_support import make_deal, make_lead

from plugins.sales_automation.todos import service

URL = "/api/v1/sales/todos"
DUE = (date.today() + timedelta(days=2)).isoformat()


def add(api_client, user, tenant="acme", **body):
    """POST a to-do as `user`; the answer."""
    return api_client(tenant, user).post(URL, json={"title": "Call back", "due_date": DUE, **body})


def seen_by(api_client, todo_id, users):
    """{user: status of GET /todos/<id>} for each user of acme."""
    return {user: api_client("acme", user).get(f"{URL}/{todo_id}").status_code for user in users}


ROLES = ("rep_n1", "rep_n2", "rep_s1", "manager_north", "manager_south", "executive", "admin")


def test_a_customer_to_do_follows_the_customer_and_the_assignee(sales, api_client):
    made = add(api_client, "rep_n1", customer_id=sales.acme.customers["n1_alpha"].id)
    assert made.status_code == 201, made.json
    assert made.json["assignee_id"] == sales.acme.users["rep_n1"].id  # the creator by default
    assert seen_by(api_client, made.json["id"], ROLES) == {
        "rep_n1": 200, "rep_n2": 404, "rep_s1": 404, "manager_north": 200, "manager_south": 404,
        "executive": 200, "admin": 200}


def test_the_assignee_sees_a_to_do_on_a_customer_they_may_not_see(sales, api_client):
    made = add(api_client, "manager_south", customer_id=sales.acme.customers["s1"].id,
               assignee_id=sales.acme.users["rep_n2"].id).json
    assert seen_by(api_client, made["id"], ("rep_n2", "rep_n1", "rep_s1", "manager_north")) == {
        "rep_n2": 200, "rep_n1": 404, "rep_s1": 200, "manager_north": 404}
    mine = api_client("acme", "rep_n2").get(f"{URL}?mine=true").json["items"]
    assert [t["id"] for t in mine] == [made["id"]]
    # Seeing the to-do never widens the customer list.
    assert api_client("acme", "rep_n2").get(f"/api/v1/customers/{sales.acme.customers['s1'].id}").status_code == 404


def test_an_opportunity_to_do_follows_the_opportunity_and_stores_its_customer(sales, api_client, tenant_session):
    # rep_n2 owns a deal on rep_s1's customer: the owner sees it though the customer is not theirs.
    deal = make_deal(sales, tenant_session, customer="s1", owner="rep_n2")
    made = add(api_client, "rep_n2", opportunity_id=deal).json
    assert made["customer_id"] == sales.acme.customers["s1"].id
    other = add(api_client, "rep_s1", opportunity_id=deal, assignee_id=sales.acme.users["rep_s1"].id).json
    assert seen_by(api_client, other["id"], ("rep_n2", "rep_s1", "manager_south", "rep_n1", "manager_north")) == {
        "rep_n2": 200, "rep_s1": 200, "manager_south": 200, "rep_n1": 404, "manager_north": 404}
    listed = api_client("acme", "rep_n2").get(f"{URL}?opportunity_id={deal}").json["items"]
    assert {t["id"] for t in listed} == {made["id"], other["id"]}


def test_a_lead_to_do_follows_the_lead_owner_scopes(sales, api_client, tenant_session):
    lead = make_lead(sales, tenant_session, owner="rep_n1")
    made = add(api_client, "rep_n1", lead_id=lead, assignee_id=sales.acme.users["rep_n1"].id).json
    assert made["customer_id"] is None
    assert seen_by(api_client, made["id"], ROLES) == {
        "rep_n1": 200, "rep_n2": 404, "rep_s1": 404, "manager_north": 200, "manager_south": 404,
        "executive": 200, "admin": 200}


@pytest.mark.parametrize("link", ["customer_id", "opportunity_id", "lead_id"])
def test_a_record_the_creator_may_not_see_is_refused_like_a_missing_one(sales, api_client, tenant_session, link):
    ids = {"customer_id": sales.acme.customers["s1"].id,
           "opportunity_id": make_deal(sales, tenant_session, customer="s1", owner="rep_s1"),
           "lead_id": make_lead(sales, tenant_session, owner="rep_s1")}
    hidden = add(api_client, "rep_n1", **{link: ids[link]})
    missing = add(api_client, "rep_n1", **{link: 999_999})
    assert hidden.status_code == missing.status_code == 422
    assert hidden.json == missing.json


def test_exactly_one_link(sales, api_client, tenant_session):
    customer = sales.acme.customers["n1_alpha"].id
    assert add(api_client, "rep_n1").status_code == 422
    both = add(api_client, "rep_n1", customer_id=customer, lead_id=make_lead(sales, tenant_session))
    assert both.status_code == 422 and "exactly one" in both.json["error"]["fields"]["_schema"][0]


def test_changes_are_for_the_assignee_the_creator_or_who_manages_the_record(sales, api_client):
    customer = sales.acme.customers["s1_shared"].id  # rep_s1's, shared with rep_n1
    made = add(api_client, "rep_s1", customer_id=customer).json
    shared = api_client("acme", "rep_n1")
    assert shared.get(f"{URL}/{made['id']}").status_code == 200
    assert shared.patch(f"{URL}/{made['id']}", json={"title": "Mine now"}).status_code == 403
    assert shared.post(f"{URL}/{made['id']}/done", json={}).status_code == 403
    assert shared.delete(f"{URL}/{made['id']}").status_code == 403
    manager = api_client("acme", "manager_south")
    changed = manager.patch(f"{URL}/{made['id']}",
                            json={"title": "Visit", "assignee_id": sales.acme.users["rep_n1"].id})
    assert (changed.status_code, changed.json["title"]) == (200, "Visit")
    assert shared.patch(f"{URL}/{made['id']}", json={"notes": "Bring samples"}).status_code == 200  # now assignee
    assert manager.patch(f"{URL}/{made['id']}", json={"assignee_id": 999_999}).status_code == 422
    assert manager.delete(f"{URL}/{made['id']}").status_code == 204
    assert manager.get(f"{URL}/{made['id']}").status_code == 404


def test_another_workspace_sees_nothing(sales, api_client):
    made = add(api_client, "admin", customer_id=sales.acme.customers["house"].id).json
    assert api_client("globex", "admin").get(f"{URL}/{made['id']}").status_code == 404
    assert api_client("globex", "admin").get(URL).json["items"] == []
    foreign = add(api_client, "admin", tenant="globex", customer_id=sales.acme.customers["house"].id)
    assert foreign.status_code == 422


def test_the_api_is_in_the_openapi_document(sales, client):
    doc = client.get("/api/openapi.json").json
    assert {"/api/v1/sales/todos", "/api/v1/sales/todos/{todo_id}", "/api/v1/sales/todos/{todo_id}/done"} <= set(
        doc["paths"])
    assert {"SalesTodo", "SalesTodoDone", "SalesTodoPage"} <= set(doc["components"]["schemas"])


def test_a_converted_lead_takes_its_to_dos_along(sales, api_client, tenant_session):
    lead = make_lead(sales, tenant_session, owner="rep_s1")
    on_lead = add(api_client, "rep_s1", lead_id=lead).json
    rep_n1 = api_client("acme", "rep_n1")
    assert rep_n1.get(f"{URL}/{on_lead['id']}").status_code == 404
    with tenant_session("acme") as session:
        service.lead_converted(lead, sales.acme.customers["n1_alpha"].id)
        session.commit()
    assert rep_n1.get(f"{URL}/{on_lead['id']}").json["lead_id"] == lead  # now through the customer too
