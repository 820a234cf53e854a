"""Recording payments against instalments: partly, fully, never more than is outstanding; deleting recomputes."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm_platform.sdk import workspace_today

from plugins.sales_automation.models import Contract, Instalment, Payment
from tests.plugins.sales_automation.payments_support import make_contract


def url(contract_id, instalment_id):
    return f"/api/v1/sales/contracts/{contract_id}/instalments/{instalment_id}/payments"


@pytest.fixture
def plan(sales, tenant_session):
    """An acme contract of rep_n1's (n1_alpha) with two instalments of 100.00 and 50.00."""
    with tenant_session("acme"):
        return make_contract(sales.acme, plan=(("100.00", date(2026, 1, 31)), ("50.00", date(2026, 2, 28))))


def state(tenant_session, contract_id):
    with tenant_session("acme") as session:
        contract = session.get(Contract, contract_id)
        items = session.scalars(select(Instalment).where(Instalment.contract_id == contract_id)
                                .order_by(Instalment.position)).all()
        return contract.status, [(i.paid, i.settled) for i in items]


def test_partial_then_full_payments_settle_and_complete_the_contract(plan, api_client, tenant_session):
    contract_id, (first, second) = plan
    client = api_client("acme", "rep_n1")
    answer = client.post(url(contract_id, first), json={"amount": "40.50", "method": "alipay", "reference": "A-1"})
    assert answer.status_code == 201, answer.json
    assert (answer.json["amount"], answer.json["currency"], answer.json["method"]) == ("40.50", "CNY", "alipay")
    assert state(tenant_session, contract_id) == ("active", [(Decimal("40.50"), False), (Decimal("0.00"), False)])
    assert client.post(url(contract_id, first), json={"amount": "59.50"}).status_code == 201
    assert state(tenant_session, contract_id) == ("active", [(Decimal("100.00"), True), (Decimal("0.00"), False)])
    assert client.post(url(contract_id, second), json={"amount": "50"}).status_code == 201
    assert state(tenant_session, contract_id) == ("completed", [(Decimal("100.00"), True), (Decimal("50.00"), True)])


def test_more_than_outstanding_is_refused_naming_what_is_left(plan, api_client, tenant_session):
    contract_id, (first, _) = plan
    client = api_client("acme", "rep_n1")
    assert client.post(url(contract_id, first), json={"amount": "70.00"}).status_code == 201
    answer = client.post(url(contract_id, first), json={"amount": "30.01"})
    assert answer.status_code == 422
    assert "30.00" in answer.json["error"]["fields"]["amount"][0]
    assert client.post(url(contract_id, first), json={"amount": "30.00"}).status_code == 201
    settled = client.post(url(contract_id, first), json={"amount": "0.01"})
    assert settled.status_code == 422 and "settled" in settled.json["error"]["fields"]["amount"][0]
    with tenant_session("acme") as session:
        assert [p.amount for p in session.scalars(select(Payment).where(Payment.instalment_id == first))] \
            .count(Decimal("70.00")) == 1


@pytest.mark.parametrize("body, field", [
    ({"amount": "0"}, "amount"), ({"amount": "-5"}, "amount"), ({"amount": "1.005"}, "amount"),
    ({"amount": "NaN"}, "amount"), ({"amount": "1e400"}, "amount"), ({}, "amount"),
    ({"amount": "1", "method": "barter"}, "method"), ({"amount": "1", "reference": "x" * 101}, "reference"),
])
def test_bad_input_is_a_field_error(plan, api_client, body, field):
    contract_id, (first, _) = plan
    answer = api_client("acme", "rep_n1").post(url(contract_id, first), json=body)
    assert answer.status_code == 422 and field in answer.json["error"]["fields"]


def test_a_day_after_today_is_refused_and_today_is_the_default(plan, api_client, tenant_session):
    contract_id, (first, _) = plan
    with tenant_session("acme"):
        today = workspace_today()
    client = api_client("acme", "rep_n1")
    late = client.post(url(contract_id, first), json={"amount": "1", "received_on": str(today + timedelta(days=1))})
    assert late.status_code == 422 and "received_on" in late.json["error"]["fields"]
    assert client.post(url(contract_id, first), json={"amount": "1"}).json["received_on"] == today.isoformat()


def test_a_second_payment_from_a_stale_read_cannot_exceed_the_amount(plan, app, tenant_session, world):
    """Two clerks open the same instalment; the second one's payment is checked against the row as committed."""
    from crm_platform.extensions import db
    from crm_platform.models import User

    from plugins.sales_automation.payments import service

    contract_id, (first, _) = plan
    with tenant_session("acme") as session:
        user = session.get(User, world.acme.users["manager_north"].id)
        contract, stale = session.get(Contract, contract_id), session.get(Instalment, first)
        assert stale.paid == Decimal("0.00")
        with app.app_context():  # another request, its own session, commits first
            from crm_platform.tenancy import tenant_scope

            with tenant_scope(world.acme.id):
                other = db.session.get(User, user.id)
                service.record_payment(other, db.session.get(Contract, contract_id),
                                       db.session.get(Instalment, first), {"amount": Decimal("70.00")})
        with pytest.raises(Exception) as refused:
            service.record_payment(user, contract, stale, {"amount": Decimal("70.00")})
        assert "30.00" in str(refused.value.messages["amount"])
        session.rollback()
        assert session.get(Instalment, first).paid == Decimal("70.00")


def test_deleting_a_payment_recomputes_the_instalment_and_reopens_the_contract(plan, api_client, tenant_session):
    contract_id, (first, second) = plan
    rep, manager = api_client("acme", "rep_n1"), api_client("acme", "manager_north")
    rep.post(url(contract_id, first), json={"amount": "100"})
    last = rep.post(url(contract_id, second), json={"amount": "50"}).json
    assert state(tenant_session, contract_id)[0] == "completed"
    assert rep.delete(f"/api/v1/sales/payments/{last['id']}").status_code == 403  # owners record, never delete
    assert manager.delete(f"/api/v1/sales/payments/{last['id']}").status_code == 204
    assert state(tenant_session, contract_id) == ("active", [(Decimal("100.00"), True), (Decimal("0.00"), False)])
    assert manager.get(f"/api/v1/sales/payments/{last['id']}").status_code == 404


def test_who_may_record(sales, api_client, tenant_session):
    with tenant_session("acme"):
        shared_id, (shared_first,) = make_contract(sales.acme, customer="s1_shared")
        south_id, (south_first,) = make_contract(sales.acme, customer="s1")
        cancelled_id, (cancelled_first,) = make_contract(sales.acme, customer="n1_beta", status="cancelled")
    # rep_n1 sees s1_shared (shared with them) but neither owns the contract nor records payments.
    assert api_client("acme", "rep_n1").post(url(shared_id, shared_first), json={"amount": "1"}).status_code == 403
    # A rep who may not see the customer gets the 404 of a missing contract.
    hidden = api_client("acme", "rep_n1").post(url(south_id, south_first), json={"amount": "1"})
    missing = api_client("acme", "rep_n1").post(url(999_999, south_first), json={"amount": "1"})
    assert hidden.status_code == missing.status_code == 404 and hidden.json == missing.json
    assert api_client("acme", "manager_north").post(url(south_id, south_first), json={"amount": "1"}).status_code == 404
    assert api_client("acme", "manager_south").post(url(south_id, south_first), json={"amount": "1"}).status_code == 201
    assert api_client("acme", "executive").post(url(shared_id, shared_first), json={"amount": "1"}).status_code == 201
    refused = api_client("acme", "rep_n1").post(url(cancelled_id, cancelled_first), json={"amount": "1"})
    assert refused.status_code == 409


def test_the_finance_role_sees_and_records_everywhere(sales, api_client, tenant_session):
    from crm_platform.models import User

    with tenant_session("acme") as session:
        contract_id, (first,) = make_contract(sales.acme, customer="s1")
        session.get(User, sales.acme.users["rep_n2"].id).role = "finance"
        session.commit()
    finance = api_client("acme", "rep_n2")
    payment = finance.post(url(contract_id, first), json={"amount": "10", "method": "cheque"})
    assert payment.status_code == 201
    assert finance.delete(f"/api/v1/sales/payments/{payment.json['id']}").status_code == 204


def test_the_page_form_records_and_returns_to_a_local_next(plan, page_client, tenant_session):
    contract_id, (first, _) = plan
    client = page_client("acme", "rep_n1")
    page = f"/sales/payments/contracts/{contract_id}/instalments/{first}/payments"
    assert client.get(page).status_code == 200
    done = client.post(page, data={"amount": "25", "received_on": "2026-01-02", "method": "cash",
                                   "next": "/customers/?q=x"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/customers/?q=x")
    for evil in ("https://evil.test/", "//evil.test/x", "/\\evil.test"):
        away = client.post(page, data={"amount": "1", "next": evil})
        assert away.headers["Location"].endswith(f"/sales/payments/receivables/contracts/{contract_id}")
    wrong = client.post(page, data={"amount": "1000", "next": "/customers/"})
    assert wrong.status_code == 422 and "72.00" in wrong.get_data(as_text=True)
    assert state(tenant_session, contract_id)[1][0] == (Decimal("28.00"), False)


def test_two_simultaneous_payments_cannot_exceed_the_amount(plan, app, world, tenant_session):
    """Two threads, each its own session, record 70.00 of 100.00 at once: one is refused."""
    import threading

    from marshmallow import ValidationError as Refused

    from crm_platform.extensions import db
    from crm_platform.models import User
    from crm_platform.tenancy import tenant_scope

    from plugins.sales_automation.payments import service

    contract_id, (first, _) = plan
    start, outcomes = threading.Barrier(2), []

    def clerk(user_key):
        with app.app_context(), tenant_scope(world.acme.id):
            user = db.session.get(User, world.acme.users[user_key].id)
            contract, instalment = db.session.get(Contract, contract_id), db.session.get(Instalment, first)
            start.wait()
            try:
                service.record_payment(user, contract, instalment, {"amount": Decimal("70.00")})
                outcomes.append("recorded")
            except Refused as refused:
                outcomes.append(str(refused.messages["amount"][0]))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=clerk, args=(key,)) for key in ("manager_north", "executive")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes)[-1] == "recorded" and "30.00" in sorted(outcomes)[0]
    assert state(tenant_session, contract_id)[1][0] == (Decimal("70.00"), False)
    with tenant_session("acme") as session:
        assert len(session.scalars(select(Payment).where(Payment.instalment_id == first)).all()) == 1
