"""Payments recorded in sales become purchases through the sales module's events, never through an import."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm_platform.sdk import ask_plugins, db
from plugins.customer_insights.models import Purchase
from plugins.customer_insights.purchases import hooks as purchases_hooks
from plugins.sales_automation.models import Contract, Payment
from tests.plugins.sales_automation.payments_support import make_contract


@pytest.fixture
def both(insights, enable_plugin):
    """Insights and sales on in both workspaces."""
    for tenant in insights.tenants:
        enable_plugin(tenant.slug, "sales_automation")
    return insights


def pay(client, contract_id, instalment_id, **body):
    """Record a payment through the sales API; the response."""
    return client.post(f"/api/v1/sales/contracts/{contract_id}/instalments/{instalment_id}/payments", json=body)


def purchases(tenant_session, tenant="acme"):
    """(customer id, day, amount, currency, order number, source, source_ref) of the workspace's purchases."""
    with tenant_session(tenant) as session:
        return sorted((p.customer_id, p.purchased_on, p.amount, p.currency, p.order_number, p.source, p.source_ref)
                      for p in session.scalars(select(Purchase)))


def contract(world, tenant_session, currency="CNY", customer="n1_alpha"):
    """An acme contract of rep_n1's customer with one instalment of 500.00; (id, instalment id, number)."""
    with tenant_session("acme") as session:
        contract_id, (instalment_id,) = make_contract(world.acme, customer=customer, currency=currency,
                                                      plan=(("500.00", date(2026, 3, 31)),))
        return contract_id, instalment_id, session.get(Contract, contract_id).number


def test_a_payment_is_a_purchase_and_its_deletion_takes_it_away(both, api_client, tenant_session):
    contract_id, instalment_id, number = contract(both, tenant_session)
    alpha = both.acme.customers["n1_alpha"].id

    paid = pay(api_client("acme", "rep_n1"), contract_id, instalment_id, amount="120.50", received_on="2026-03-05",
               reference="BANK-1")

    assert paid.status_code == 201, paid.json
    payment_id = paid.json["id"]
    assert purchases(tenant_session) == [(alpha, date(2026, 3, 5), Decimal("120.50"), "CNY", number, "sales_payment",
                                          str(payment_id))]
    manager = api_client("acme", "manager_north")
    assert manager.delete(f"/api/v1/sales/payments/{payment_id}").status_code == 204

    assert purchases(tenant_session) == []


def test_a_repeated_event_changes_nothing_and_another_currency_keeps_its_own(both, api_client, tenant_session):
    contract_id, instalment_id, number = contract(both, tenant_session, currency="USD")
    paid = pay(api_client("acme", "rep_n1"), contract_id, instalment_id, amount="99.99", received_on="2026-04-01")
    payment_id = paid.json["id"]

    with tenant_session("acme") as session:
        ask_plugins("sales_automation_payment_recorded", payment_id=payment_id,
                    customer_id=both.acme.customers["n1_alpha"].id, received_on=date(2026, 4, 1),
                    amount=Decimal("99.99"), currency="USD", reference=None, contract_number=number)
        session.commit()

    stored = purchases(tenant_session)
    assert len(stored) == 1 and stored[0][2:4] == (Decimal("99.99"), "USD")
    with tenant_session("acme") as session:
        ask_plugins("sales_automation_payment_deleted", payment_id=123456789)  # a payment it never heard of
        session.commit()
    assert len(purchases(tenant_session)) == 1


def test_with_insights_off_sales_records_and_deletes_payments_as_before(both, api_client, tenant_session,
                                                                        enable_plugin):
    enable_plugin("acme", "customer_insights", enabled=False)
    contract_id, instalment_id, _number = contract(both, tenant_session)

    paid = pay(api_client("acme", "rep_n1"), contract_id, instalment_id, amount="10.00")

    assert paid.status_code == 201
    assert purchases(tenant_session) == []
    assert api_client("acme", "manager_north").delete(f"/api/v1/sales/payments/{paid.json['id']}").status_code == 204


def test_a_failing_handler_leaves_the_payment_recorded_and_writes_nothing(both, api_client, tenant_session,
                                                                          monkeypatch):
    def half_then_fail(payment_id, customer_id, received_on, amount, currency, contract_number):
        """Write a purchase, then fail: the savepoint must take the write back."""
        db.session.add(Purchase(customer_id=customer_id, purchased_on=received_on, amount=amount, currency=currency,
                                source="sales_payment", source_ref=str(payment_id)))
        db.session.flush()
        raise RuntimeError("insights broke")

    monkeypatch.setattr(purchases_hooks, "payment_recorded", half_then_fail)
    contract_id, instalment_id, _number = contract(both, tenant_session)

    paid = pay(api_client("acme", "rep_n1"), contract_id, instalment_id, amount="70.00")

    assert paid.status_code == 201
    with tenant_session("acme") as session:
        assert session.scalar(select(Payment.amount).where(Payment.id == paid.json["id"])) == Decimal("70.00")
    assert purchases(tenant_session) == []


def test_a_refused_payment_makes_no_purchase(both, api_client, tenant_session):
    contract_id, instalment_id, _number = contract(both, tenant_session)

    refused = pay(api_client("acme", "rep_n1"), contract_id, instalment_id, amount="500.01")

    assert refused.status_code == 422
    assert purchases(tenant_session) == []
