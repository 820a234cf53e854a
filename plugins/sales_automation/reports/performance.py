"""Monthly rep performance: per person in the scope, the activities logged, customers won and followed, deals won,
contracts signed and money collected in the period, with their quota and attainment.

Each figure is one GROUP BY over the records the viewer may see (docs/reports.md
defines them); the report email and the benchmark call `monthly_performance`.
"""
from decimal import Decimal

from sqlalchemy import case, distinct, func, literal, select, union_all

from crm_platform.sdk import Activity, Customer, User, db

from plugins.sales_automation.models import Contract, Opportunity, Payment
from plugins.sales_automation.quotas.service import attainment
from plugins.sales_automation.reports.figures import percent_of

ACTIVITY_KINDS = (("calls", "call"), ("visits", "visit"), ("emails", "email"), ("meetings", "meeting"))
COUNTS = ("calls", "visits", "emails", "meetings", "new_customers", "customers_followed", "won_count")
AMOUNTS = ("won_amount", "contract_amount", "collected")
ZERO = Decimal("0.00")


def _activities(scope):
    """({user id: {calls, visits, emails, meetings, customers_followed}}, distinct customers followed by anyone).

    The done activities in the period by people in scope on customers the viewer may
    see, read once (a CTE both groupings use; a customer two people follow counts once
    in the total).
    """
    done = select(Activity.user_id, Activity.kind, Activity.customer_id).where(
        Activity.status == "done", scope.within(Activity.occurred_at), Activity.user_id.in_(scope.people()),
        scope.customer_seen(Activity.customer_id)).cte("done")
    counts = [func.count(case((done.c.kind == kind, 1))).label(key) for key, kind in ACTIVITY_KINDS]
    followed = func.count(distinct(done.c.customer_id)).label("customers_followed")
    per_person = select(literal(False).label("total"), done.c.user_id, *counts, followed).group_by(done.c.user_id)
    everyone = select(literal(True), literal(None), *[literal(0)] * len(counts), followed)
    by_person, total = {}, 0
    for row in db.session.execute(union_all(per_person, everyone)):
        if row.total:
            total = row.customers_followed
        else:
            by_person[row.user_id] = row._asdict()
    return by_person, total


def _new_customers(scope):
    """{owner id: customers created in the period} among the customers the viewer may see."""
    return dict(db.session.execute(
        select(Customer.owner_id, func.count())
        .where(scope.within(Customer.created_at), Customer.owner_id.in_(scope.people()),
               scope.customer_seen(Customer.id))
        .group_by(Customer.owner_id)).all())


def _won(scope):
    """{owner id: (count, amount)} of the opportunities won (closed_at) in the period."""
    rows = db.session.execute(
        select(Opportunity.owner_id, func.count(), func.sum(scope.money(Opportunity, Opportunity.amount)))
        .where(Opportunity.status == "won", scope.within(Opportunity.closed_at), scope.records(Opportunity))
        .group_by(Opportunity.owner_id)).all()
    return {owner_id: (count, amount or ZERO) for owner_id, count, amount in rows}


def _signed(scope):
    """{owner id: amount} of the contracts signed in the period, cancelled ones left out."""
    return dict(db.session.execute(
        select(Contract.owner_id, func.sum(Contract.amount))
        .where(scope.on_days(Contract.signed_on), Contract.status != "cancelled", scope.records(Contract),
               scope.in_currency(Contract))
        .group_by(Contract.owner_id)).all())


def _collected(scope):
    """{contract owner id: amount} of the payments received in the period on contracts the viewer may see."""
    return dict(db.session.execute(
        select(Contract.owner_id, func.sum(Payment.amount))
        .join(Contract, Contract.id == Payment.contract_id)
        .where(scope.on_days(Payment.received_on), scope.records(Contract), scope.in_currency(Contract))
        .group_by(Contract.owner_id)).all())


def _quotas(scope, user_ids):
    """{user id: (quota, achieved)} over the whole months the period touches (quotas/service.py attainment).

    The quota is the sum of the months' quotas (None when none is set); achieved is
    what the rep achieved in those months on the workspace's quota basis, of what the viewer may see.
    """
    months = scope.months()
    result = {}
    for user_id, by_month in attainment(user_ids, months[0], months[-1], viewer=scope.user).items():
        quotas = [month.quota for month in by_month.values() if month.quota is not None]
        result[user_id] = (sum(quotas, ZERO) if quotas else None,
                           sum((month.achieved for month in by_month.values()), ZERO))
    return result


def percent(achieved, quota):
    """achieved / quota in percent with one decimal, half up like every report's percentage; None without a quota."""
    return percent_of(achieved, quota)


def monthly_performance(scope):
    """(rows, totals) of the scope: a row per active person in it (and anyone inactive with figures), by name.

    A row: user_id, name, calls, visits, emails, meetings, new_customers,
    customers_followed, won_count, won_amount, contract_amount, collected, quota,
    attainment (percent). Totals add the rows up, except customers_followed (distinct
    customers followed by anyone) and attainment (of the summed quotas).
    """
    activities, followed_total = _activities(scope)
    new_customers, won, signed, collected = _new_customers(scope), _won(scope), _signed(scope), _collected(scope)
    people = db.session.execute(select(User.id, User.name, User.active).where(User.id.in_(scope.people()))).all()
    rows = []
    for person in people:
        done = activities.get(person.id, {})
        row = {"user_id": person.id, "name": person.name}
        for key, _ in ACTIVITY_KINDS:
            row[key] = done.get(key, 0)
        won_count, won_amount = won.get(person.id, (0, ZERO))
        row.update(new_customers=new_customers.get(person.id, 0), customers_followed=done.get("customers_followed", 0),
                   won_count=won_count, won_amount=won_amount, contract_amount=signed.get(person.id) or ZERO,
                   collected=collected.get(person.id) or ZERO)
        if person.active or any(row[key] for key in COUNTS + AMOUNTS):
            rows.append(row)
    quotas = _quotas(scope, [row["user_id"] for row in rows])
    for row in rows:
        row["quota"], achieved = quotas[row["user_id"]]
        row["attainment"] = percent(achieved, row["quota"])
    rows.sort(key=lambda row: (row["name"].casefold(), row["user_id"]))
    totals = {key: sum((row[key] for row in rows), ZERO if key in AMOUNTS else 0) for key in COUNTS + AMOUNTS}
    totals["customers_followed"] = followed_total
    # The team's attainment: what the people with a quota achieved, over their quotas together.
    with_quota = [quotas[row["user_id"]] for row in rows if row["quota"] is not None]
    totals["quota"] = sum((quota for quota, _ in with_quota), ZERO) if with_quota else None
    totals["attainment"] = percent(sum((achieved for _, achieved in with_quota), ZERO), totals["quota"])
    return rows, totals
