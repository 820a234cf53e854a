"""The "Overdue collections" dashboard widget's figures: unsettled instalments past their due date, most overdue first.

The same instalments as the receivables page's overdue buckets (contracts the
user may see, cancelled ones left out), as of the workspace's today. Amounts are
what is outstanding; totals are per currency, never added across currencies.
"""
from sqlalchemy import func, select

from crm_platform.sdk import Customer, db

from plugins.sales_automation.models import Contract, Instalment
from plugins.sales_automation.payments.ageing import days_overdue, outstanding_sum, receivable_filters
from plugins.sales_automation.payments.queries import unpaid

WIDGET_ROWS = 8
"""The most overdue instalments the widget lists (the totals count them all)."""


def overdue_collections(user, today, limit=WIDGET_ROWS):
    """{"rows", "count", "totals"}: the first `limit` overdue instalments `user` may see, their count and totals."""
    clauses = [*receivable_filters(user, {}), Instalment.due_date < today]
    stmt = (select(Instalment.id, Instalment.due_date, Contract.id, Contract.number, Contract.currency,
                   Customer.id, Customer.name, unpaid())
            .join(Contract, Contract.id == Instalment.contract_id).join(Customer, Customer.id == Contract.customer_id)
            .where(*clauses).order_by(Instalment.due_date, Instalment.id).limit(limit))
    rows = [{"instalment_id": instalment_id, "due_date": due_date, "days_overdue": days_overdue(due_date, today),
             "contract_id": contract_id, "contract_number": number, "currency": currency,
             "customer_id": customer_id, "customer_name": name, "outstanding": left}
            for instalment_id, due_date, contract_id, number, currency, customer_id, name, left
            in db.session.execute(stmt)]
    sums = db.session.execute(select(Contract.currency, func.count(), outstanding_sum())
                              .join(Contract, Contract.id == Instalment.contract_id).where(*clauses)
                              .group_by(Contract.currency).order_by(Contract.currency)).all()
    return {"rows": rows, "count": sum(count for _, count, _ in sums),
            "totals": [{"currency": currency, "count": count, "outstanding": total}
                       for currency, count, total in sums]}
