"""A contract's instalments in the database: reading the plan and replacing it under the payment rules."""
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.sdk import db, format_money, gettext as _

from plugins.sales_automation.contracts.plan import PlanError, check_adds_up, split_equal
from plugins.sales_automation.models import Instalment


def instalments_of(contract):
    """The contract's instalments in plan order."""
    return db.session.scalars(select(Instalment).where(Instalment.contract_id == contract.id)
                              .order_by(Instalment.position, Instalment.due_date, Instalment.id)).all()


def split_rows(contract, split):
    """Plan rows for `split` ({count, every_months, first_due}) of the contract's amount."""
    first_due = split.get("first_due") or contract.start_date
    return [{"due_date": due, "amount": amount}
            for due, amount in split_equal(contract.amount, split["count"], split["every_months"], first_due)]


def replace_plan(contract, rows):
    """Make `rows` ({id?, due_date, amount, note}) the contract's plan (flushed), or raise and change nothing.

    The rows must add up exactly to the contract's amount. An instalment that has
    payments must be given with its id, due date and amount unchanged; the others
    are changed, added, or removed when left out. Positions follow the due dates.
    """
    existing = {instalment.id: instalment for instalment in instalments_of(contract)}
    given = {row["id"] for row in rows if row.get("id")}
    if given - existing.keys():
        raise ValidationError({"instalments": [_("That instalment is not one of this contract's.")]})
    by_id = {row["id"]: row for row in rows if row.get("id")}
    for instalment in existing.values():
        row = by_id.get(instalment.id)
        if instalment.paid > 0 and (row is None or row["due_date"] != instalment.due_date
                                    or row["amount"] != instalment.amount):
            raise PlanError(_("Instalment %(position)d already has payments of %(paid)s: its due date and amount "
                              "cannot change and it cannot be removed.", position=instalment.position,
                              paid=format_money(instalment.paid, contract.currency)))
    check_adds_up(contract.amount, [row["amount"] for row in rows], contract.currency)
    for instalment_id in existing.keys() - given:
        db.session.delete(existing[instalment_id])
    db.session.flush()
    ordered = sorted(enumerate(rows), key=lambda pair: (pair[1]["due_date"], pair[0]))
    for position, (_index, row) in enumerate(ordered, start=1):
        instalment = existing.get(row.get("id")) or Instalment(contract_id=contract.id, paid=0, settled=False)
        instalment.position, instalment.due_date, instalment.amount = position, row["due_date"], row["amount"]
        instalment.note = row.get("note")
        db.session.add(instalment)
    db.session.flush()
    return instalments_of(contract)


def has_payments(contract):
    """True once any instalment of the contract has a payment recorded."""
    return any(instalment.paid > 0 for instalment in instalments_of(contract))


def resplit(contract, split):
    """Replace the plan by an equal split; refused once payments are recorded."""
    if has_payments(contract):
        raise PlanError(_("Payments are recorded on this contract: change its unpaid instalments instead of "
                          "splitting it again."))
    return replace_plan(contract, split_rows(contract, split))
