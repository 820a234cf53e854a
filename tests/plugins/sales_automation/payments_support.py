"""A small factory of contracts with payment plans for the payments tests (the contracts feature makes real ones)."""
import itertools
from datetime import date
from decimal import Decimal

from crm_platform.extensions import db

from plugins.sales_automation.models import Contract, Instalment

_numbers = itertools.count(1)


def make_contract(tw, customer="n1_alpha", plan=(("100.00", date(2026, 1, 31)),), owner=None, currency="CNY",
                  status="active"):
    """A contract of `tw`'s customer (owned by its owner, or `owner`) with instalments `plan` of (amount, due date).

    Call inside `tenant_session(tw.slug)`; commits, returns (contract id, [instalment ids]).
    """
    account = tw.customers[customer]
    owner_id = tw.users[owner or account.owner].id
    total = sum((Decimal(amount) for amount, _ in plan), Decimal("0.00"))
    contract = Contract(number=f"HT-2026-{next(_numbers):04d}", title="Service agreement", customer_id=account.id,
                        owner_id=owner_id, amount=total, currency=currency, start_date=date(2026, 1, 1),
                        status=status)
    db.session.add(contract)
    db.session.flush()
    instalments = [Instalment(contract_id=contract.id, position=position, due_date=due, amount=Decimal(amount))
                   for position, (amount, due) in enumerate(plan, start=1)]
    db.session.add_all(instalments)
    db.session.commit()
    return contract.id, [instalment.id for instalment in instalments]
