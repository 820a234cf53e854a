"""Collection: per month of the period, the amounts due on instalments against the payments received, and what
of them is still outstanding or overdue.

Due in a month: instalments with a due_date in it (and in the period) on contracts
that are not cancelled. Collected in a month: payments received_on in it (and in the
period), on any contract. Both count only contracts the viewer may see whose owner
is in scope. Outstanding: what of the month's due amounts is unpaid now; overdue:
the part of it whose due date is before today (workspace).
"""
from sqlalchemy import func, select

from crm_platform.sdk import db, workspace_today

from plugins.sales_automation.models import Contract, Instalment, Payment
from plugins.sales_automation.reports.figures import ZERO, percent_of


def _by_month(rows):
    """{month: amount} from [(day, amount)] rows (days in the period)."""
    sums = {}
    for day, amount in rows:
        month = day.replace(day=1)
        sums[month] = sums.get(month, ZERO) + amount
    return sums


def _due(scope):
    """[(due date, amount, unpaid)] summed per due date of the instalments due in the period."""
    rows = db.session.execute(
        select(Instalment.due_date, func.sum(Instalment.amount), func.sum(Instalment.paid))
        .join(Contract, Contract.id == Instalment.contract_id)
        .where(scope.on_days(Instalment.due_date), Contract.status != "cancelled", scope.records(Contract),
               scope.in_currency(Contract))
        .group_by(Instalment.due_date)).all()
    return [(day, amount, amount - paid) for day, amount, paid in rows]


def _collected(scope):
    """[(received on, amount)] summed per day of the payments received in the period."""
    return db.session.execute(
        select(Payment.received_on, func.sum(Payment.amount))
        .join(Contract, Contract.id == Payment.contract_id)
        .where(scope.on_days(Payment.received_on), scope.records(Contract), scope.in_currency(Contract))
        .group_by(Payment.received_on)).all()


def collection(scope):
    """(rows, totals): a row per month of the period with month, due, collected, rate, outstanding, overdue."""
    today = workspace_today()
    due_rows = _due(scope)
    due = _by_month([(day, amount) for day, amount, _ in due_rows])
    outstanding = _by_month([(day, unpaid) for day, _, unpaid in due_rows])
    overdue = _by_month([(day, unpaid) for day, _, unpaid in due_rows if day < today])
    collected = _by_month(_collected(scope))
    rows = []
    for month in scope.months():
        row = {"month": month, "due": due.get(month, ZERO), "collected": collected.get(month, ZERO),
               "outstanding": outstanding.get(month, ZERO), "overdue": overdue.get(month, ZERO)}
        row["rate"] = percent_of(row["collected"], row["due"])
        rows.append(row)
    totals = {key: sum((row[key] for row in rows), ZERO) for key in ("due", "collected", "outstanding", "overdue")}
    totals["rate"] = percent_of(totals["collected"], totals["due"])
    return rows, totals

