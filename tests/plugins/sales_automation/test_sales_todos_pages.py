"""The to-do pages: My to-dos (overdue highlighted), the form, the customer panel and the opportunity partial."""
from datetime import timedelta

from flask import render_template
from flask_login import login_user
from sales_comptodos_support import make_deal
from sqlalchemy import select

from crm_platform.sdk import User, workspace_today

from plugins.sales_automation.models import Opportunity, Todo


def todo_id(tenant_session, title):
    with tenant_session("acme") as session:
        return session.scalar(select(Todo.id).where(Todo.title == title))


def test_add_from_the_customer_page_and_see_it_overdue_in_my_to_dos(sales, page_client, tenant_session):
    customer = sales.acme.customers["n1_alpha"].id
    browser = page_client("acme", "rep_n1")
    detail = browser.get(f"/customers/{customer}").get_data(as_text=True)
    assert "No open to-dos." in detail and f"/sales/todos/new?customer_id={customer}" in detail
    with tenant_session("acme"):
        yesterday = (workspace_today() - timedelta(days=1)).isoformat()
    answer = browser.post(f"/sales/todos/new?customer_id={customer}&next=/customers/{customer}",
                          data={"title": "Send the price list", "due_date": yesterday,
                                "assignee_id": str(sales.acme.users["rep_n1"].id)})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/customers/{customer}")
    new_id = todo_id(tenant_session, "Send the price list")
    mine = browser.get("/sales/todos/").get_data(as_text=True)
    assert f'<tr id="todo-{new_id}" class="overdue">' in mine
    assert "Send the price list" in browser.get(f"/customers/{customer}").get_data(as_text=True)
    assert "Send the price list" not in page_client("acme", "rep_s1").get("/sales/todos/").get_data(as_text=True)


def test_form_errors_edit_and_delete(sales, page_client, tenant_session):
    customer = sales.acme.customers["n1_alpha"].id
    browser = page_client("acme", "rep_n1")
    bad = browser.post(f"/sales/todos/new?customer_id={customer}", data={"title": "", "due_date": "someday"})
    assert bad.status_code == 422 and "field-error" in bad.get_data(as_text=True)
    hidden = browser.post(f"/sales/todos/new?customer_id={sales.acme.customers['s1'].id}",
                          data={"title": "Peek", "due_date": "2026-05-01"})
    assert hidden.status_code == 422
    browser.post("/sales/todos/new", data={"customer_id": str(customer), "title": "Quote", "due_date": "2026-05-01"})
    made = todo_id(tenant_session, "Quote")
    assert made is not None
    assert browser.post(f"/sales/todos/{made}/edit", data={"title": "Quote v2", "due_date": "2026-05-02",
                                                           "assignee_id": str(sales.acme.users["rep_n1"].id)}
                        ).status_code == 302
    page = browser.get(f"/sales/todos/{made}").get_data(as_text=True)
    assert "Quote v2" in page and "data-confirm=" in page and "Alpha Trading" in page
    assert page_client("acme", "rep_s1").get(f"/sales/todos/{made}").status_code == 404
    assert browser.post(f"/sales/todos/{made}/delete").status_code == 302
    assert todo_id(tenant_session, "Quote v2") is None


def test_the_opportunity_partial_adds_and_finishes_to_dos(sales, page_client, tenant_session, app):
    deal = make_deal(sales, tenant_session)
    browser = page_client("acme", "rep_n1")
    back_to = f"/sales/competitors/opportunities/{deal}"
    answer = browser.post("/sales/todos/new", data={"opportunity_id": str(deal), "title": "Demo day",
                                                    "due_date": "2026-06-01", "next": back_to})
    assert answer.headers["Location"].endswith(back_to)
    made = todo_id(tenant_session, "Demo day")
    with app.test_request_context(), tenant_session("acme") as session:
        login_user(session.get(User, sales.acme.users["rep_n1"].id))
        html = render_template("sales_automation/todos/_opportunity.html", opportunity=session.get(Opportunity, deal),
                               customer=None, can_manage=True)
    assert "Demo day" in html and 'name="opportunity_id"' in html
    assert browser.post(f"/sales/todos/{made}/done", data={"next": back_to}).headers["Location"].endswith(back_to)
    assert "Demo day" in browser.get("/sales/todos/?status=done").get_data(as_text=True)
    assert "Demo day" not in browser.get("/sales/todos/").get_data(as_text=True)


def test_a_merge_moves_the_duplicates_to_dos_to_the_customer_kept(sales, api_client, tenant_session):
    alpha, beta = sales.acme.customers["n1_alpha"].id, sales.acme.customers["n1_beta"].id
    admin = api_client("acme", "admin")
    made = admin.post("/api/v1/sales/todos", json={"title": "Follow up", "due_date": "2026-05-01",
                                                   "customer_id": alpha}).json
    assert admin.post(f"/api/v1/customers/{beta}/merge", json={"merge_id": alpha}).status_code == 200
    assert admin.get(f"/api/v1/sales/todos/{made['id']}").json["customer_id"] == beta
