"""Contracts, instalments and payments as a user may see them: where every payments route starts.

A contract is seen through its customer (GUIDE.md section 4), and always by its
owner; its instalments and payments inherit that. Anything the user may not see
is the same 404 as a missing id.
"""
from datetime import date, datetime

from flask import abort
from sqlalchemy import select, type_coerce

from crm_platform.sdk import Customer, ExactDecimal, customer_record_criterion, db, keyset_page

from plugins.sales_automation.models import Contract, Instalment, Payment


def contract_visibility(user):
    """The WHERE clause selecting the contracts `user` may see."""
    return customer_record_criterion(user, Contract.customer_id, Contract.owner_id)


def unpaid():
    """What is outstanding on an instalment (amount less paid), as an exact Decimal column expression."""
    return type_coerce(Instalment.amount - Instalment.paid, ExactDecimal(2))


def contract_or_404(user, contract_id):
    """The contract if `user` may see it; otherwise the same 404 as a missing id."""
    contract = db.session.scalar(select(Contract).where(Contract.id == contract_id, contract_visibility(user)))
    if contract is None:
        abort(404)
    return contract


def instalment_or_404(user, contract_id, instalment_id):
    """(contract, instalment) when `user` may see the contract and the instalment is one of its own; else 404."""
    contract = contract_or_404(user, contract_id)
    instalment = db.session.scalar(select(Instalment).where(Instalment.id == instalment_id,
                                                            Instalment.contract_id == contract.id))
    if instalment is None:
        abort(404)
    return contract, instalment


def payment_or_404(user, payment_id):
    """The payment (with its `currency`) if `user` may see its contract; otherwise the same 404 as a missing id."""
    row = db.session.execute(select(Payment, Contract.currency).join(Contract, Contract.id == Payment.contract_id)
                             .where(Payment.id == payment_id, contract_visibility(user))).first()
    if row is None:
        abort(404)
    return with_currency([row[0]])[0]


def with_currency(payments):
    """`payments`, each given the `currency` of its contract (shown beside every amount)."""
    ids = {payment.contract_id for payment in payments}
    currencies = dict(db.session.execute(select(Contract.id, Contract.currency).where(Contract.id.in_(ids))).all()
                      if ids else [])
    for payment in payments:
        payment.currency = currencies[payment.contract_id]
    return payments


def payment_page(user, args):
    """A cursor page of the payments on contracts `user` may see, latest received first; (payments, next_cursor)."""
    stmt = select(Payment).join(Contract, Contract.id == Payment.contract_id).where(contract_visibility(user))
    if args.get("contract_id") is not None:
        stmt = stmt.where(Payment.contract_id == args["contract_id"])
    if args.get("instalment_id") is not None:
        stmt = stmt.where(Payment.instalment_id == args["instalment_id"])
    if args.get("customer_id") is not None:
        stmt = stmt.where(Contract.customer_id == args["customer_id"])
    if args.get("method"):
        stmt = stmt.where(Payment.method == args["method"])
    if args.get("received_from"):
        stmt = stmt.where(Payment.received_on >= args["received_from"])
    if args.get("received_to"):
        stmt = stmt.where(Payment.received_on <= args["received_to"])
    # Ids are random: the day received, then the time recorded, order; the id breaks ties.
    items, next_cursor = keyset_page(stmt, [Payment.received_on, Payment.created_at, Payment.id], True,
                                     args.get("cursor"), args["limit"], types=[date, datetime, int])
    return with_currency(items), next_cursor


def payments_by_instalment(contract_id):
    """{instalment id: [payments]} of one contract, in the order they were received."""
    payments = db.session.scalars(select(Payment).where(Payment.contract_id == contract_id)
                                  .order_by(Payment.received_on, Payment.created_at, Payment.id)).all()
    grouped = {}
    for payment in payments:
        grouped.setdefault(payment.instalment_id, []).append(payment)
    return grouped


def instalments_of(contract_id):
    """The instalments of a contract, in the order of its plan."""
    return db.session.scalars(select(Instalment).where(Instalment.contract_id == contract_id)
                              .order_by(Instalment.position, Instalment.due_date, Instalment.id)).all()


def contract_numbers(contract_ids):
    """{contract id: (number, customer id, customer name)} of these contracts."""
    if not contract_ids:
        return {}
    rows = db.session.execute(select(Contract.id, Contract.number, Customer.id, Customer.name)
                              .join(Customer, Customer.id == Contract.customer_id)
                              .where(Contract.id.in_(contract_ids)))
    return {contract_id: (number, customer_id, name) for contract_id, number, customer_id, name in rows}
