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
