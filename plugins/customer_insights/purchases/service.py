"""Writing purchase history: by hand (API and pages), from the sales module's payments, and when customers merge.

The import writes through `new_purchase` too (import_kind.py), so a purchase is
the same row whichever way it came in. Reads are in queries.py.
"""
from flask import abort
from sqlalchemy import delete, select, update
from werkzeug.exceptions import Conflict

from crm_platform.sdk import (
    Customer, customer_criterion, db, gettext as _, require_permission, visible_customer_or_404, workspace_currency,
    workspace_today,
)

from plugins.customer_insights.models import Purchase
from plugins.customer_insights.permissions import RECORD

PAYMENT_SOURCE = "sales_payment"


def new_purchase(user_id, source, data):
    """A Purchase made of validated `data` (InsightsPurchaseInputSchema, or an import row and its customer_id),
    added to the session, not committed."""
    purchase = Purchase(customer_id=data["customer_id"], purchased_on=data.get("purchased_on") or workspace_today(),
                        amount=data["amount"], currency=data.get("currency") or workspace_currency(),
                        quantity=data.get("quantity"), product=data.get("product"),
                        order_number=data.get("order_number"), source=source, created_by_id=user_id)
    db.session.add(purchase)
    return purchase


def add_purchase(user, data):
    """Record one purchase of a customer `user` may see (`insights.record`; 404 for an invisible customer); commits."""
    require_permission(user, RECORD)
    visible_customer_or_404(user, data["customer_id"])
    purchase = new_purchase(user.id, "api", data)
    db.session.commit()
    return purchase


def purchase_or_404(user, purchase_id):
    """The purchase if `user` may see its customer; another workspace's, an invisible or a missing one is a 404."""
    purchase = db.session.scalar(select(Purchase).join(Customer, Customer.id == Purchase.customer_id)
                                 .where(Purchase.id == purchase_id, customer_criterion(user)))
    if purchase is None:
        abort(404)
    return purchase


def delete_purchase(user, purchase):
    """Delete a purchase recorded by hand or imported (`insights.record`); commits.

    A payment's purchase is refused (409): it goes when the payment is deleted
    in the sales module, so the two never disagree.
    """
    require_permission(user, RECORD)
    if purchase.source == PAYMENT_SOURCE:
        raise Conflict(_("This purchase is a payment recorded in sales; delete the payment there instead."))
    db.session.delete(purchase)
    db.session.commit()


def payment_recorded(payment_id, customer_id, received_on, amount, currency, contract_number=None):
    """The sales module recorded a payment: its purchase, once (a repeated event changes nothing). No commit."""
    reference = str(payment_id)
    known = db.session.scalar(select(Purchase.id).where(Purchase.source == PAYMENT_SOURCE,
                                                        Purchase.source_ref == reference))
    if known is not None:
        return
    db.session.add(Purchase(customer_id=customer_id, purchased_on=received_on, amount=amount,
                            currency=currency or workspace_currency(), order_number=contract_number,
                            source=PAYMENT_SOURCE, source_ref=reference))
    db.session.flush()


def payment_deleted(payment_id):
    """The sales module deleted a payment: its purchase goes too (none: nothing happens). No commit."""
    db.session.execute(delete(Purchase).where(Purchase.source == PAYMENT_SOURCE,
                                              Purchase.source_ref == str(payment_id)),
                       execution_options={"synchronize_session": False})


def move_purchases(kept_id, merged_id):
    """The duplicate's purchases go to the customer kept (inside the merge's transaction)."""
    db.session.execute(update(Purchase).where(Purchase.customer_id == merged_id).values(customer_id=kept_id),
                       execution_options={"synchronize_session": False})
