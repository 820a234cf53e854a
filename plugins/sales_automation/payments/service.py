"""Recording and deleting payments: the one place that changes what an instalment has been paid.

Every change locks the contract's row and then the instalment's (always in that
order, so two payments cannot deadlock) and keeps `Instalment.paid`, `settled`
and the contract's status right in the same transaction. On SQLite, where
FOR UPDATE does nothing, the conditional UPDATE of `paid` is what stops two
payments from together exceeding the amount. Other modules hear of each
payment recorded or deleted through the module's events (hookspecs.py), asked
before the commit so that what they write lands or goes with the payment.
"""
from decimal import Decimal

from flask import abort
from marshmallow import ValidationError
from sqlalchemy import func, select, update
from werkzeug.exceptions import Conflict, Forbidden

from crm_platform.sdk import ask_plugins, db, format_date, format_money, gettext as _, has_permission, workspace_today

from plugins.sales_automation.contracts.status import settle_status
from plugins.sales_automation.models import Contract, Instalment, Payment
from plugins.sales_automation.permissions import PAYMENTS


def may_record(user, contract):
    """Whether `user` may record payments on `contract` (one they may see): its owner, or `sales.payments`."""
    return contract.owner_id == user.id or has_permission(user, PAYMENTS)


def may_delete(user):
    """Whether `user` may delete a mistaken payment on a contract they may see (`sales.payments`)."""
    return has_permission(user, PAYMENTS)


def outstanding(instalment):
    """What is still to be paid on `instalment`."""
    return instalment.amount - instalment.paid


def _locked(contract_id, instalment_id):
    """(contract, instalment) re-read under row locks, contract first, in the current transaction."""
    contract = db.session.scalar(select(Contract).where(Contract.id == contract_id).with_for_update()
                                 .execution_options(populate_existing=True))
    instalment = db.session.scalar(select(Instalment).where(Instalment.id == instalment_id,
                                                            Instalment.contract_id == contract_id)
                                   .with_for_update().execution_options(populate_existing=True))
    if contract is None or instalment is None:  # deleted by another request since it was looked up
        abort(404)
    return contract, instalment


def _too_much(instalment, currency):
    """The field error for a payment above what `instalment` still has outstanding."""
    left = outstanding(instalment)
    if left <= 0:
        message = _("This instalment is settled; nothing is outstanding.")
    else:
        message = _("Only %(outstanding)s is outstanding on this instalment; a payment may not be more.",
                    outstanding=format_money(left, currency))
    return ValidationError({"amount": [message]})


def record_payment(user, contract, instalment, data):
    """Record `data` (SalesPaymentInputSchema) against `instalment` of `contract` and commit; the new payment.

    Refuses with 403 when `user` may not record on the contract, 409 on a
    cancelled contract, and a field error (422) for a day after today or an
    amount above what is outstanding (naming it).
    """
    if not may_record(user, contract):
        raise Forbidden(_("Only the contract's owner or someone who records payments may do this."))
    today = workspace_today()
    received_on = data.get("received_on") or today
    if received_on > today:
        raise ValidationError({"received_on": [_("A payment cannot be received after today (%(today)s).",
                                                 today=format_date(today))]})
    amount = Decimal(data["amount"])
    contract, instalment = _locked(contract.id, instalment.id)
    refusal = None
    if contract.status == "cancelled":
        refusal = Conflict(_("This contract is cancelled; it takes no payments."))
    elif amount > outstanding(instalment):
        refusal = _too_much(instalment, contract.currency)
    if refusal is not None:
        db.session.rollback()  # let go of the row locks before the refusal is shown
        raise refusal
    added = db.session.execute(
        update(Instalment).where(Instalment.id == instalment.id, Instalment.paid + amount <= Instalment.amount)
        .values(paid=Instalment.paid + amount), execution_options={"synchronize_session": False})
    db.session.refresh(instalment)
    if added.rowcount != 1:
        # Another payment was committed between our read and our write (possible only without row locks).
        refusal = _too_much(instalment, contract.currency)
        db.session.rollback()
        raise refusal
    instalment.settled = instalment.paid == instalment.amount
    payment = Payment(contract_id=contract.id, instalment_id=instalment.id, amount=amount, received_on=received_on,
                      method=data.get("method") or "bank_transfer", reference=data.get("reference"),
                      recorded_by_id=user.id)
    db.session.add(payment)
    db.session.flush()
    settle_status(contract)
    ask_plugins("sales_automation_payment_recorded", payment_id=payment.id, customer_id=contract.customer_id,
                received_on=received_on, amount=amount, currency=contract.currency, reference=payment.reference,
                contract_number=contract.number)
    db.session.commit()
    payment.currency = contract.currency
    return payment


def recompute(instalment):
    """Set `instalment.paid` and `settled` from its payments (the caller holds its lock and commits)."""
    paid = db.session.scalar(select(func.sum(Payment.amount)).where(Payment.instalment_id == instalment.id))
    instalment.paid = paid or Decimal("0.00")
    instalment.settled = instalment.paid >= instalment.amount


def delete_payment(user, payment):
    """Delete a mistaken `payment` (on a contract `user` may see), recompute its instalment and contract; commit."""
    if not may_delete(user):
        raise Forbidden(_("Only someone who records payments may delete one."))
    contract, instalment = _locked(payment.contract_id, payment.instalment_id)
    payment_id = payment.id
    db.session.delete(payment)
    db.session.flush()
    recompute(instalment)
    settle_status(contract)
    ask_plugins("sales_automation_payment_deleted", payment_id=payment_id)
    db.session.commit()
