"""Every payments route, pages and API, answers another workspace's ids exactly as missing ones."""
from datetime import date
from decimal import Decimal

from crm_platform.extensions import db

from plugins.sales_automation.models import CollectionReminder, Payment
from tests.plugins.sales_automation.payments_support import make_contract
from tests.plugins.sales_automation.sales_walk import walk_feature

PAYMENT = {"amount": "1.00", "received_on": "2026-01-02", "method": "cash", "reference": "W-1"}


def build(tw, tenant_session):
    """A contract of the admin's (house) with an instalment, a payment on it and an open reminder; their ids."""
    with tenant_session(tw.slug):
        contract_id, (instalment_id,) = make_contract(tw, customer="house", plan=(("100.00", date(2026, 1, 31)),))
        payment = Payment(contract_id=contract_id, instalment_id=instalment_id, amount=Decimal("10.00"),
                          received_on=date(2026, 1, 2), recorded_by_id=tw.users["admin"].id)
        reminder = CollectionReminder(instalment_id=instalment_id, owner_id=tw.users["admin"].id, stage="overdue",
                                      due_date=date(2026, 1, 31), created_on=date(2026, 2, 1))
        db.session.add_all([payment, reminder])
        db.session.commit()
        return {"contract_id": contract_id, "instalment_id": instalment_id, "payment_id": payment.id,
                "reminder_id": reminder.id, "customer_id": tw.customers["house"].id}


def test_the_walk_of_every_payments_route(sales, app, api_client, page_client, tenant_session):
    ids = {slug: build(sales[slug], tenant_session) for slug in ("acme", "globex")}
    bodies = {
        "sales/contracts/instalments/payments": {"POST": PAYMENT},
        "sales/payments/contracts/instalments/payments": {"POST": {**PAYMENT, "next": "/today/"}},
        "sales/payments/delete": {"POST": {"next": "/today/"}},
        "sales/payments/reminders/done": {"POST": {"next": "/today/"}},
        "sales/collection-reminders/done": {"POST": {}},
    }
    walked = walk_feature(app, sales, api_client, page_client, "payments", ids, bodies)
    assert walked == 9


def test_pages_and_payments_follow_the_contracts_visibility(sales, api_client, page_client, tenant_session):
    with tenant_session("acme"):
        contract_id, (instalment_id,) = make_contract(sales.acme, customer="s1")
    executive = api_client("acme", "executive")
    payment = executive.post(f"/api/v1/sales/contracts/{contract_id}/instalments/{instalment_id}/payments",
                             json=PAYMENT).json
    pages = (f"/sales/payments/receivables/contracts/{contract_id}",
             f"/sales/payments/contracts/{contract_id}/instalments/{instalment_id}/payments")
    for path in pages:
        hidden, missing = (page_client("acme", "rep_n1").get(p) for p in (path, path.replace(str(contract_id),
                                                                                           "999999")))
        assert hidden.status_code == missing.status_code == 404
        assert page_client("acme", "manager_north").get(path).status_code == 404
        assert page_client("acme", "manager_south").get(path).status_code == 200
        assert page_client("acme", "executive").get(path).status_code == 200
    for user, status in (("rep_n1", 404), ("manager_north", 404), ("rep_s1", 200), ("manager_south", 200)):
        assert api_client("acme", user).get(f"/api/v1/sales/payments/{payment['id']}").status_code == status
        listed = api_client("acme", user).get("/api/v1/sales/payments").json["items"]
        assert ([p["id"] for p in listed] == [payment["id"]]) == (status == 200)
    assert page_client("acme", "rep_s1").post(f"/sales/payments/{payment['id']}/delete").status_code == 403
