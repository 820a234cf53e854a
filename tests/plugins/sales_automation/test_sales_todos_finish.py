"""Finishing a to-do, optionally logging an activity on the customer's timeline (the SDK's log_customer_activity)."""
from datetime import date

import pytest
from marshmallow import ValidationError
from sales_comptodos_support import make_deal, make_lead
from sqlalchemy import select

from crm_platform.sdk import Activity, Customer, User, log_customer_activity

URL = "/api/v1/sales/todos"


def add(api_client, user, **body):
    """POST a to-do as `user`; its JSON."""
    answer = api_client("acme", user).post(URL, json={"title": "Visit the plant", "due_date": "2026-01-05", **body})
    assert answer.status_code == 201, answer.json
    return answer.json


def timeline(api_client, world, customer="n1_alpha"):
    """The customer's contact records, newest first, as rep_n1's manager sees them."""
    customer_id = world.acme.customers[customer].id
    return api_client("acme", "admin").get(f"/api/v1/customers/{customer_id}/activities").json["items"]


def test_finishing_with_an_activity_logs_it_on_the_customer_timeline(sales, api_client):
    todo = add(api_client, "rep_n1", customer_id=sales.acme.customers["n1_alpha"].id)
    before = len(timeline(api_client, sales))
    done = api_client("acme", "rep_n1").post(f"{URL}/{todo['id']}/done",
                                             json={"log_activity": {"kind": "visit", "outcome": "Signed the NDA"}})
    assert done.status_code == 200, done.json
    assert done.json["done"] is True and done.json["activity_id"] is not None
    records = timeline(api_client, sales)
    assert len(records) == before + 1
    logged = next(r for r in records if r["id"] == done.json["activity_id"])
    assert (logged["kind"], logged["outcome"], logged["subject"], logged["status"]) == (
        "visit", "Signed the NDA", "Visit the plant", "done")
    customer = api_client("acme", "admin").get(f"/api/v1/customers/{sales.acme.customers['n1_alpha'].id}").json
    assert customer["last_contacted_at"] is not None
    again = api_client("acme", "rep_n1").post(f"{URL}/{todo['id']}/done", json={"log_activity": {"kind": "call"}})
    assert again.json["activity_id"] == done.json["activity_id"] and len(timeline(api_client, sales)) == before + 1


def test_an_opportunity_to_do_logs_on_its_customer(sales, api_client, tenant_session):
    todo = add(api_client, "rep_n1", opportunity_id=make_deal(sales, tenant_session))
    done = api_client("acme", "rep_n1").post(f"{URL}/{todo['id']}/done", json={"log_activity": {"kind": "call"}})
    assert done.status_code == 200
    assert done.json["activity_id"] in {r["id"] for r in timeline(api_client, sales)}


def test_no_activity_without_a_customer_the_user_may_see(sales, api_client, tenant_session):
    lead_todo = add(api_client, "rep_n1", lead_id=make_lead(sales, tenant_session))
    refused = api_client("acme", "rep_n1").post(f"{URL}/{lead_todo['id']}/done",
                                                json={"log_activity": {"kind": "call"}})
    assert refused.status_code == 422 and "log_activity" in refused.json["error"]["fields"]
    assert api_client("acme", "rep_n1").get(f"{URL}/{lead_todo['id']}").json["done"] is False
    # Assigned to rep_n2 on a customer they may not see: done, yes; logged on that customer, no.
    hidden = add(api_client, "rep_n1", customer_id=sales.acme.customers["n1_alpha"].id,
                 assignee_id=sales.acme.users["rep_n2"].id)
    rep_n2 = api_client("acme", "rep_n2")
    assert rep_n2.post(f"{URL}/{hidden['id']}/done", json={"log_activity": {"kind": "call"}}).status_code == 422
    assert rep_n2.post(f"{URL}/{hidden['id']}/done", json={}).json["done"] is True


def test_a_bad_kind_is_a_422(sales, api_client):
    todo = add(api_client, "rep_n1", customer_id=sales.acme.customers["n1_alpha"].id)
    bad = api_client("acme", "rep_n1").post(f"{URL}/{todo['id']}/done", json={"log_activity": {"kind": "fax"}})
    assert bad.status_code == 422


def test_the_page_form_logs_the_activity_when_ticked(sales, api_client, page_client):
    todo = add(api_client, "rep_n1", customer_id=sales.acme.customers["n1_alpha"].id)
    browser = page_client("acme", "rep_n1")
    page = browser.get(f"/sales/todos/{todo['id']}").get_data(as_text=True)
    assert 'name="log_activity"' in page
    answer = browser.post(f"/sales/todos/{todo['id']}/done",
                          data={"log_activity": "1", "kind": "meeting", "outcome": "Agreed on a pilot"})
    assert answer.status_code == 302
    assert any(r["outcome"] == "Agreed on a pilot" and r["kind"] == "meeting" for r in timeline(api_client, sales))


def test_log_customer_activity_goes_through_the_core(sales, tenant_session, app):
    with app.test_request_context(), tenant_session("acme") as session:
        rep = session.scalar(select(User).where(User.id == sales.acme.users["rep_n1"].id))
        customer = session.scalar(select(Customer).where(Customer.id == sales.acme.customers["n1_alpha"].id))
        activity = log_customer_activity(rep, customer, "call", outcome="Asked for a quote", subject="Quote")
        stored = session.scalar(select(Activity).where(Activity.id == activity.id))
        assert (stored.user_id, stored.kind, stored.status, stored.outcome) == (rep.id, "call", "done",
                                                                              "Asked for a quote")
        assert stored.occurred_at is not None and customer.last_contacted_at is not None
        assert customer.last_contacted_at.date() <= date.today()
        with pytest.raises(ValidationError):
            log_customer_activity(rep, customer, "fax")
