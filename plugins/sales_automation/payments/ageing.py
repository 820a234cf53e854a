"""Receivables ageing: what is outstanding on unsettled instalments, in buckets of days overdue as of a day.

Days overdue count from the due date: on the due date itself (day 0) and before
it an instalment is "not due"; the day after is day 1 (the 1–30 bucket); then
31–60, 61–90 and over 90. The amounts are what is outstanding now; `as_of`
moves the day the days are counted to. Cancelled contracts are left out, and
a viewer sees only the contracts they may see. Currencies are never added
together: every row is one group in one currency.
"""
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import case, func, select, type_coerce

from crm_platform.sdk import Customer, ExactDecimal, OrgUnit, User, db, gettext as _, users_in_unit_subtree

from plugins.sales_automation.models import Contract, Instalment
from plugins.sales_automation.payments.queries import contract_visibility, instalments_of, unpaid

BUCKETS = ("not_due", "d1_30", "d31_60", "d61_90", "over_90")
GROUPS = ("customer", "owner", "unit", "contract")
# The last day (of days overdue) each bucket holds; anything later is over 90.
LAST_DAY = ((0, "not_due"), (30, "d1_30"), (60, "d31_60"), (90, "d61_90"))
ZERO = Decimal("0.00")


def days_overdue(due_date, as_of):
    """Days past `due_date` on `as_of`: 0 on the due date and before it."""
    return max(0, (as_of - due_date).days)


def bucket_of(due_date, as_of):
    """The ageing bucket of an instalment due on `due_date`, as of `as_of`."""
    days = days_overdue(due_date, as_of)
    return next((bucket for last, bucket in LAST_DAY if days <= last), "over_90")


def outstanding_sum(expression=None):
    """SUM of what is outstanding (amount less paid), or of `expression`, as an exact Decimal."""
    return type_coerce(func.sum(unpaid() if expression is None else expression), ExactDecimal(2))


def receivable_filters(user, filters):
    """The WHERE clauses of receivables: unsettled instalments of visible, uncancelled contracts, filtered."""
    clauses = [Instalment.settled.is_(False), Contract.status != "cancelled", contract_visibility(user)]
    if filters.get("customer_id") is not None:
        clauses.append(Contract.customer_id == filters["customer_id"])
    if filters.get("owner_id") is not None:
        clauses.append(Contract.owner_id == filters["owner_id"])
    if filters.get("unit_id") is not None:
        clauses.append(Contract.owner_id.in_(users_in_unit_subtree(filters["unit_id"])))
    return clauses


def _sums(user, column, filters, as_of):
    """{(group key, currency): {bucket: amount}} of the receivables, grouped by `column`."""
    # Grouped by due date and bucketed here: one rule (bucket_of) for SQL results and the detail alike.
    stmt = (select(column, Contract.currency, Instalment.due_date, outstanding_sum())
            .join(Contract, Contract.id == Instalment.contract_id).where(*receivable_filters(user, filters))
            .group_by(column, Contract.currency, Instalment.due_date))
    sums = defaultdict(lambda: dict.fromkeys(BUCKETS, ZERO))
    for key, currency, due_date, amount in db.session.execute(stmt):
        sums[key, currency][bucket_of(due_date, as_of)] += amount
    return sums


def _row(key, label, currency, amounts, depth=0):
    """One row of the view: its group, currency, amount per bucket and total."""
    return {"key": key, "label": label, "depth": depth, "currency": currency, **amounts,
            "total": sum(amounts.values(), ZERO)}


def _totals(sums):
    """One totals row per currency."""
    totals = defaultdict(lambda: dict.fromkeys(BUCKETS, ZERO))
    for (_, currency), amounts in sums.items():
        for bucket, amount in amounts.items():
            totals[currency][bucket] += amount
    return [{"currency": currency, **amounts, "total": sum(amounts.values(), ZERO)}
            for currency, amounts in sorted(totals.items())]


def _labelled_rows(sums, labels):
    """Rows of `sums` labelled by `labels` {key: label}, in label order."""
    rows = [_row(key, labels.get(key, str(key)), currency, amounts) for (key, currency), amounts in sums.items()]
    return sorted(rows, key=lambda row: (row["label"], row["currency"], row["key"]))


def _names(model, column, keys):
    """{id: `column`} of the rows of `model` with these ids."""
    return dict(db.session.execute(select(model.id, column).where(model.id.in_(keys))).all()) if keys else {}


def _contract_labels(keys):
    """{contract id: "number · customer name"}."""
    if not keys:
        return {}
    rows = db.session.execute(select(Contract.id, Contract.number, Customer.name)
                              .join(Customer, Customer.id == Contract.customer_id).where(Contract.id.in_(keys)))
    return {contract_id: f"{number} · {name}" for contract_id, number, name in rows}


def _unit_rows(sums):
    """Rows per org unit along the tree, each holding its whole subtree, then the owners placed in no unit."""
    owner_units = _names(User, User.org_unit_id, {owner for owner, _ in sums})
    units = {unit.id: unit for unit in db.session.scalars(select(OrgUnit))}
    rolled = defaultdict(lambda: dict.fromkeys(BUCKETS, ZERO))
    for (owner, currency), amounts in sums.items():
        unit = units.get(owner_units.get(owner))
        # The path ("/1/4/9/") lists the unit and every unit above it: each of them holds this amount.
        chain = [int(part) for part in unit.path.strip("/").split("/")] if unit else [None]
        for unit_id in chain:
            for bucket, amount in amounts.items():
                rolled[unit_id, currency][bucket] += amount

    def place(unit_id):
        """Tree order: the names along the unit's path, so children follow their parent."""
        if unit_id is None:
            return (1, ())
        return (0, tuple(units[int(part)].name for part in units[unit_id].path.strip("/").split("/")))

    rows = []
    for (unit_id, currency), amounts in sorted(rolled.items(), key=lambda item: (place(item[0][0]), item[0][1])):
        if unit_id is None:
            rows.append(_row(None, _("No unit"), currency, amounts))
        else:
            rows.append(_row(unit_id, units[unit_id].name, currency, amounts, depth=len(place(unit_id)[1]) - 1))
    return rows


def ageing(user, as_of, group="customer", filters=None):
    """The ageing view for `user` as of `as_of`: {as_of, group, buckets, rows, totals}; see the module docstring."""
    filters = filters or {}
    column = {"customer": Contract.customer_id, "owner": Contract.owner_id, "unit": Contract.owner_id,
              "contract": Contract.id}[group]
    sums = _sums(user, column, filters, as_of)
    keys = {key for key, _ in sums}
    if group == "unit":
        rows = _unit_rows(sums)
    elif group == "customer":
        rows = _labelled_rows(sums, _names(Customer, Customer.name, keys))
    elif group == "owner":
        rows = _labelled_rows(sums, _names(User, User.name, keys))
    else:
        rows = _labelled_rows(sums, _contract_labels(keys))
    return {"as_of": as_of, "group": group, "buckets": list(BUCKETS), "rows": rows, "totals": _totals(sums)}


def contract_ageing(contract, as_of):
    """Every instalment of `contract` with what is outstanding, its days overdue and bucket (None once settled)."""
    return [{"id": item.id, "position": item.position, "due_date": item.due_date, "amount": item.amount,
             "paid": item.paid, "outstanding": item.amount - item.paid, "settled": item.settled,
             "days_overdue": 0 if item.settled else days_overdue(item.due_date, as_of),
             "bucket": None if item.settled else bucket_of(item.due_date, as_of)}
            for item in instalments_of(contract.id)]


def customer_balance(user, customer_id, today):
    """[{currency, outstanding, overdue}] of the customer's contracts `user` may see, as of `today`."""
    overdue = case((Instalment.due_date < today, unpaid()), else_=0)
    stmt = (select(Contract.currency, outstanding_sum(), outstanding_sum(overdue))
            .join(Contract, Contract.id == Instalment.contract_id)
            .where(*receivable_filters(user, {"customer_id": customer_id}))
            .group_by(Contract.currency).order_by(Contract.currency))
    return [{"currency": currency, "outstanding": total, "overdue": late}
            for currency, total, late in db.session.execute(stmt)]
