"""The daily customer care job: reminders for the birthdays and founding dates coming up.

It runs per workspace as the workspace itself (no user). "Coming up" is the
workspace's local today and the `care_reminder_days` (N) days after it, so a
window starting Dec 28 with N = 7 reaches Jan 4, and a Feb 29 care date falls on
Feb 28 in other years. Each matching customer gets one reminder per occurrence
for its owner; the unique (customer, due date) key with an insert that skips
existing rows makes running twice, or on consecutive days, harmless.

Days on which no run happened (no worker was up) are caught up: the window
starts the day after the last finished run's today (at most CATCH_UP_DAYS
back), so a care date that fell in the gap still gets its (overdue) reminder.
Customers created or changed between runs do not wait for it: care_sync.py
gives them their reminder in the same transaction.
"""
import calendar
from datetime import date, datetime, timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, func, select
from sqlalchemy.dialects import postgresql, sqlite

from crm_platform.extensions import db
from crm_platform.jobs.kinds import register_kind
from crm_platform.jobs.schedules import Schedule, register_schedule
from crm_platform.models import Customer, Job, Reminder, Tenant, User
from crm_platform.models.reminders import OCCASIONS
from crm_platform.workspace.schemas import MAX_CARE_REMINDER_DAYS
from crm_platform.workspace.settings import get_setting, tenant_today

KIND = "care_reminders"
CHUNK = 500
CATCH_UP_DAYS = 31
# The reminders' unique key (the pool's warnings share the table); insert_absent also
# keeps a customer that switched between company and person to one reminder per date.
_UNIQUE_KEY = ("tenant_id", "customer_id", "kind", "due_date")
# How many earlier runs are looked at to find the last day covered.
_RUNS_LOOKED_AT = 20


def month_day(day):
    """A date's month and day as one number, e.g. 1231 for Dec 31."""
    return day.month * 100 + day.day


def care_window(today, days):
    """{month_day: due date} for `today` and the `days` days after it.

    In a year without Feb 29, the Feb 28 of the window also takes Feb 29's care dates.
    """
    window = {}
    for offset in range(days + 1):
        day = today + timedelta(days=offset)
        window[month_day(day)] = day
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
            window[229] = day
    return window


def _care_criteria(keys):
    """Customers whose care date's month and day are among `keys`.

    `extract` compiles to EXTRACT on PostgreSQL and STRFTIME on SQLite, so the
    matching stays in SQL on both; no customer is loaded to be looked at.
    """
    care_month_day = extract("month", Customer.care_date) * 100 + extract("day", Customer.care_date)
    return (Customer.care_date.is_not(None), Customer.kind.in_(OCCASIONS), care_month_day.in_(sorted(keys)))


def care_days(tenant):
    """The workspace's N, clamped as the settings API validates (a window over a year would map two dates to one month_day)."""
    return max(0, min(int(get_setting(tenant, "care_reminder_days")), MAX_CARE_REMINDER_DAYS))


def insert_absent(session, rows):
    """Insert the care reminders that do not exist yet; returns how many were new.

    A customer has one care reminder per date whatever its occasion: one that
    switched between company and person keeps the (maybe done) reminder it has.
    """
    if rows:
        have = set(session.execute(select(Reminder.customer_id, Reminder.due_date).where(
            Reminder.customer_id.in_({row["customer_id"] for row in rows}),
            Reminder.kind.in_(OCCASIONS.values()))).all())
        rows = [row for row in rows if (row["customer_id"], row["due_date"]) not in have]
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # ON CONFLICT DO NOTHING rather than check-then-insert: two runs racing
    # (a retried job and the next day's) still create each reminder once.
    stmt = insert(Reminder).on_conflict_do_nothing(index_elements=_UNIQUE_KEY).returning(Reminder.id)
    return len(session.scalars(stmt, rows).all())


def _tenant_and_day(ctx):
    """The workspace, and the local date this run is for: params `today` (ISO date) or `now` (ISO time), else now."""
    tenant = db.session.get(Tenant, ctx.tenant_id)
    if ctx.params.get("today"):
        return tenant, date.fromisoformat(ctx.params["today"])
    now = None
    if ctx.params.get("now"):
        now = datetime.fromisoformat(ctx.params["now"])
        now = now if now.tzinfo else now.replace(tzinfo=timezone.utc)
    return tenant, tenant_today(tenant, now)


def first_day_due(ctx, today):
    """The first day this run covers: the day after the last finished run's today, at most CATCH_UP_DAYS back."""
    runs = db.session.scalars(select(Job.result).where(Job.kind == KIND, Job.status == "finished", Job.id != ctx.job_id)
                              .order_by(Job.finished_at.desc()).limit(_RUNS_LOOKED_AT))
    covered = [date.fromisoformat(r["today"]) for r in runs if isinstance(r, dict) and r.get("today")]
    earlier = [day for day in covered if day < today]
    if not earlier:
        return today
    return max(max(earlier) + timedelta(days=1), today - timedelta(days=CATCH_UP_DAYS))


def create_care_reminders(ctx):
    """Create reminders for the care dates in the workspace's window (and missed days); returns what it did."""
    tenant, today = _tenant_and_day(ctx)
    days = care_days(tenant)
    summary = {"today": today.isoformat(), "days": days, "matched": 0, "created": 0, "skipped": 0}
    if days <= 0:  # 0 turns care reminders off
        ctx.progress(0, 0)
        return summary
    start = first_day_due(ctx, today)
    if start < today:
        summary["caught_up_from"] = start.isoformat()
    window = care_window(start, (today - start).days + days)
    criteria = _care_criteria(window)
    total = db.session.scalar(select(func.count(Customer.id)).where(*criteria))
    ctx.progress(0, total)
    stmt = (select(Customer.id, Customer.kind, Customer.care_date, Customer.owner_id, User.active)
            .outerjoin(User, User.id == Customer.owner_id).where(*criteria))
    last_id = 0
    while True:
        # Keyset chunks by id: progress commits between them.
        batch = db.session.execute(stmt.where(Customer.id > last_id).order_by(Customer.id).limit(CHUNK)).all()
        if not batch:
            break
        rows = []
        for customer_id, kind, care_date, owner_id, owner_active in batch:
            if owner_id is None or not owner_active:
                summary["skipped"] += 1  # nobody to remind; counted so the admin can see it
                continue
            rows.append({"customer_id": customer_id, "user_id": owner_id, "kind": OCCASIONS[kind],
                         "due_date": window[month_day(care_date)]})
        summary["created"] += insert_absent(db.session, rows)
        summary["matched"] += len(batch)
        last_id = batch[-1].id
        ctx.progress(summary["matched"], max(total, summary["matched"]))
    return summary


register_kind(KIND, create_care_reminders, _l("Customer care reminders"), timeout=900, idempotent=True)
register_schedule(Schedule("care_reminders", KIND))
