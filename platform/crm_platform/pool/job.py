"""The daily pool job: customers due by the workspace's rules go to the pool; their owners are warned before.

It runs per workspace as the workspace itself (no user), at 05:30 local time,
before the care reminders. For each owned customer it computes the local date
the customer would go (docs/pool.md):

- inactivity (N = pool_inactive_days): the local date of the owner's last
  activity (or of the assignment, if later or when there is none) plus N days;
- not signed (M = pool_unsigned_days): the local date of the assignment plus M
  days, while the status is not "signed".

The earlier date wins. On or before today the customer moves to its pool;
within pool_warning_days (D) of today the owner gets a "pool" reminder due on
that date, shown on Today. Reminders of customers no longer at risk are
removed. Customers already pooled are skipped, so a second run (or a retry)
moves nothing twice; the reminders' unique key makes warnings idempotent too.
"""
from datetime import date, datetime, time, timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from crm_platform.extensions import db
from crm_platform.jobs.kinds import register_kind
from crm_platform.jobs.schedules import Schedule, register_schedule
from crm_platform.models import Activity, Customer, Reminder, Tenant, User
from crm_platform.modules.events import emit
from crm_platform.pool.service import put_in_pool
from crm_platform.workspace.settings import get_setting, tenant_timezone, tenant_today

KIND = "customer_pool"
WARNING = "pool"  # the Reminder kind of a warning
CHUNK = 500


def _tenant_and_day(ctx):
    """The workspace, and the local date this run is for: param `today` (ISO date), else now."""
    tenant = db.session.get(Tenant, ctx.tenant_id)
    if ctx.params.get("today"):
        return tenant, date.fromisoformat(ctx.params["today"])
    return tenant, tenant_today(tenant)


def go_date(rules, zone, status, assigned_at, last_activity):
    """(the local date a customer goes to the pool, why) under `rules`, or (None, None) when no rule applies."""
    dates = []
    if rules["inactive"]:
        touched = max(filter(None, (assigned_at, last_activity)))
        dates.append((touched.astimezone(zone).date() + timedelta(days=rules["inactive"]), "inactive"))
    if rules["unsigned"] and status != "signed":
        dates.append((assigned_at.astimezone(zone).date() + timedelta(days=rules["unsigned"]), "unsigned"))
    return min(dates) if dates else (None, None)


def _candidates(day_end):
    """Owned customers with their owner's last activity before `day_end` (planned ones do not count)."""
    last_activity = (select(func.max(Activity.occurred_at))
                     .where(Activity.customer_id == Customer.id, Activity.user_id == Customer.owner_id,
                            Activity.occurred_at < day_end)
                     .correlate(Customer).scalar_subquery())
    return (select(Customer.id, Customer.owner_id, Customer.status,
                   func.coalesce(Customer.assigned_at, Customer.created_at).label("assigned_at"),
                   last_activity.label("last_activity"), User.active.label("owner_active"))
            .join(User, User.id == Customer.owner_id)
            .where(Customer.owner_id.is_not(None), Customer.pooled_at.is_(None)))


def _warn(rows, customer_ids):
    """Keep exactly the open warnings in `rows` for `customer_ids`; returns how many were new."""
    wanted = {(row["customer_id"], row["due_date"]) for row in rows}
    stale = [r.id for r in db.session.scalars(select(Reminder).where(
        Reminder.kind == WARNING, Reminder.done_at.is_(None), Reminder.customer_id.in_(customer_ids)))
        if (r.customer_id, r.due_date) not in wanted]
    if stale:
        db.session.execute(delete(Reminder).where(Reminder.id.in_(stale)))
    if not rows:
        return 0
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(Reminder).on_conflict_do_nothing(
        index_elements=("tenant_id", "customer_id", "kind", "due_date")).returning(Reminder.id)
    return len(db.session.scalars(stmt, rows).all())


def apply_pool_rules(ctx):
    """Move the workspace's due customers to the pool and warn owners; returns what it did."""
    tenant, today = _tenant_and_day(ctx)
    rules = {"inactive": int(get_setting(tenant, "pool_inactive_days")),
             "unsigned": int(get_setting(tenant, "pool_unsigned_days"))}
    warn_days = int(get_setting(tenant, "pool_warning_days"))
    summary = {"today": today.isoformat(), **rules, "checked": 0, "moved": 0, "warned": 0}
    if not rules["inactive"] and not rules["unsigned"]:
        db.session.execute(delete(Reminder).where(Reminder.kind == WARNING, Reminder.done_at.is_(None)))
        ctx.progress(0, 0)
        return summary
    zone = tenant_timezone(tenant)
    day_end = datetime.combine(today + timedelta(days=1), time(0), zone).astimezone(timezone.utc)
    stmt = _candidates(day_end)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    ctx.progress(0, total)
    last_id = 0
    while True:
        batch = db.session.execute(stmt.where(Customer.id > last_id).order_by(Customer.id).limit(CHUNK)).all()
        if not batch:
            break
        due, warnings = {}, []
        for row in batch:
            when, reason = go_date(rules, zone, row.status, row.assigned_at, row.last_activity)
            if when is None:
                continue
            if when <= today:
                due[row.id] = (reason, row.owner_id)
            elif warn_days and when <= today + timedelta(days=warn_days) and row.owner_active:
                warnings.append({"customer_id": row.id, "user_id": row.owner_id, "kind": WARNING, "due_date": when})
        moved = db.session.scalars(select(Customer).where(Customer.id.in_(list(due)))).all() if due else []
        for customer in moved:
            put_in_pool(customer, due[customer.id][0], None, tenant)
        summary["warned"] += _warn(warnings, [row.id for row in batch if row.id not in due])
        summary["moved"] += len(moved)
        summary["checked"] += len(batch)
        last_id = batch[-1].id
        ctx.progress(summary["checked"], max(total, summary["checked"]))  # commits the chunk
        for customer in moved:
            emit("crm_customer_owner_changed", customer=customer, old_owner_id=due[customer.id][1],
                 new_owner_id=None)
    return summary


register_kind(KIND, apply_pool_rules, _l("Customer pool rules"), timeout=1800, idempotent=True)
register_schedule(Schedule("customer_pool", KIND, at=time(5, 30)))
