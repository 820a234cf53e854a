"""The fixed data set of the reports tests: March 2026 in acme (and a copy in globex that must never count).

Every figure the tests expect is worked out by hand from the rows below; the
world's own activities (2026-01-05) and customers (created when the world is built)
fall outside March 2026.
"""
from datetime import date, datetime, timezone
from decimal import Decimal

from crm_platform.extensions import db
from crm_platform.models import Activity, Customer

from plugins.sales_automation.models import Contract, Instalment, Opportunity, Payment, Quota, StageStay
from plugins.sales_automation.pipelines import service

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


def at(day, hour=10):
    """An instant (UTC, the world's workspaces keep UTC) on `day` of 2026 given as (month, day)."""
    return datetime(2026, day[0], day[1], hour, tzinfo=timezone.utc)


ACTIVITIES = [
    # (user, customer, kind, status, when)
    ("rep_n1", "n1_alpha", "call", "done", (3, 2)),
    ("rep_n1", "n1_alpha", "call", "done", (3, 9)),
    ("rep_n1", "n1_beta", "visit", "done", (3, 10)),
    ("rep_n1", "n1_alpha", "email", "done", (3, 11)),
    ("rep_n1", "s1_shared", "call", "done", (3, 12)),  # shared with rep_n1: manager_north does not see it
    ("rep_n1", "n1_alpha", "call", "planned", (3, 13)),  # planned: never counted
    ("rep_n1", "n1_alpha", "call", "done", (2, 27)),  # February
    ("rep_n2", "n2", "meeting", "done", (3, 3)),
    ("rep_n2", "n2", "call", "done", (3, 31)),
    ("rep_s1", "s1", "call", "done", (3, 4)),
    ("rep_s1", "s1", "call", "done", (3, 5)),
    ("rep_s1", "s1_shared", "call", "done", (3, 6)),
]
NEW_CUSTOMERS = {"n1_beta": (3, 10), "n2": (3, 15)}
"""Customers created in March; the others are moved to 2025."""


def deal(tw, customer, owner, amount, path, created, closed=None):
    """An opportunity of `tw` that went through `path` (stage positions, 0-based) from `created`, closing at `closed`.

    Each stage is entered a day after the previous one; a path ending on the won or
    lost stage closes the deal at `closed`. Returns its id.
    """
    pipeline = service.default_pipeline()
    stages = service.stages_of(pipeline.id)
    last = stages[path[-1]]
    opportunity = Opportunity(name=f"{customer} {amount}", customer_id=tw.customers[customer].id,
                              owner_id=tw.users[owner].id, pipeline_id=pipeline.id, stage_id=last.id,
                              status=last.kind, amount=Decimal(amount), created_at=at(created),
                              stage_entered_at=at(created), closed_at=at(closed) if closed else None)
    db.session.add(opportunity)
    db.session.flush()
    entered = [at(created, hour=8 + n) for n in range(len(path))]
    for n, position in enumerate(path):
        db.session.add(StageStay(opportunity_id=opportunity.id, stage_id=stages[position].id, entered_at=entered[n],
                                 left_at=entered[n + 1] if n + 1 < len(path) else None))
    return opportunity.id


WON, LOST = 5, 6
DEALS = [
    # (customer, owner, amount, stage path, created, closed)
    ("n1_alpha", "rep_n1", "1000.00", (0, 1, 2, WON), (2, 1), (3, 20)),
    ("s1_shared", "rep_n1", "500.00", (0, 1, WON), (3, 1), (3, 21)),  # not seen by manager_north
    ("n1_beta", "rep_n1", "300.00", (0, WON), (1, 10), (2, 28)),  # won in February
    ("n1_beta", "rep_n1", "700.00", (0, 1, LOST), (3, 2), (3, 22)),
    ("n2", "rep_n2", "400.00", (0, 1, 2, 3), (3, 5), None),  # still open
    ("s1", "rep_s1", "2000.00", (0, 1, 2, 3, 4, WON), (3, 1), (3, 11)),
]


QUOTAS = [("rep_n1", "2000.00"), ("rep_s1", "4000.00")]
"""March's quotas (the workspace counts won deals): rep_n1 won 1500.00 (75.0%), rep_s1 2000.00 (50.0%)."""


def contract(tw, customer, owner, amount, signed, status="active", plan=()):
    """A contract signed on `signed` ((month, day) of 2026) with instalments `plan` of (amount, (month, day))."""
    row = Contract(number=f"HT-R-{customer}-{amount}-{status}", title="Reports", customer_id=tw.customers[customer].id,
                   owner_id=tw.users[owner].id, amount=Decimal(amount), signed_on=date(2026, *signed),
                   start_date=date(2026, *signed), status=status)
    db.session.add(row)
    db.session.flush()
    instalments = [Instalment(contract_id=row.id, position=n, due_date=date(2026, *due), amount=Decimal(part))
                   for n, (part, due) in enumerate(plan, start=1)]
    db.session.add_all(instalments)
    db.session.flush()
    return row.id, [instalment.id for instalment in instalments]


def pay(contract_id, instalment_id, amount, received):
    """A payment of `amount` received on `received` ((month, day) of 2026) against an instalment."""
    instalment = db.session.get(Instalment, instalment_id)
    instalment.paid += Decimal(amount)
    instalment.settled = instalment.paid == instalment.amount
    db.session.add(Payment(contract_id=contract_id, instalment_id=instalment_id, amount=Decimal(amount),
                           received_on=date(2026, *received)))


def build(world, tenant_session):
    """The data set in both workspaces (committed)."""
    for tw in world.tenants:
        with tenant_session(tw.slug) as session:
            for key, customer in tw.customers.items():
                row = session.get(Customer, customer.id)
                row.created_at = at(NEW_CUSTOMERS[key]) if key in NEW_CUSTOMERS else datetime(2025, 1, 1,
                                                                                               tzinfo=timezone.utc)
            for user, customer, kind, status, when in ACTIVITIES:
                session.add(Activity(customer_id=tw.customers[customer].id, user_id=tw.users[user].id, kind=kind,
                                     status=status, occurred_at=at(when) if status == "done" else None,
                                     due_at=at(when) if status == "planned" else None))
            for customer, owner, amount, path, created, closed in DEALS:
                deal(tw, customer, owner, amount, path, created, closed)
            north, plan = contract(tw, "n1_alpha", "rep_n1", "800.00", (3, 5),
                                   plan=(("300.00", (3, 20)), ("500.00", (4, 20))))
            pay(north, plan[0], "300.00", (3, 25))
            pay(north, plan[1], "100.00", (4, 2))
            contract(tw, "n1_beta", "rep_n1", "50.00", (3, 6), status="cancelled")
            south, (part,) = contract(tw, "s1", "rep_s1", "1200.00", (3, 20), plan=(("1200.00", (3, 31)),))
            pay(south, part, "400.00", (3, 31))
            for user, amount in QUOTAS:
                session.add(Quota(user_id=tw.users[user].id, month=date(2026, 3, 1), amount=Decimal(amount)))
            session.commit()
