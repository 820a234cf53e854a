"""Collection reminders: the daily job that makes them, and the open ones a user sees on the Today page.

An unsettled instalment due within `collection_notice_days` (today included)
gets a "due" reminder for its contract's owner; one past its due date gets an
"overdue" reminder. At most one per instalment and stage (a unique key), and
the job skips what exists, so running it twice, or again after a worker died,
makes nothing new. A reminder is the contract's current owner's: the pages and
the API go by `Contract.owner_id`, and the job moves open reminders to the
owner of the day when a contract changed hands.
"""
from datetime import date, time, timedelta

from flask import abort
from sqlalchemy import and_, exists, or_, select, update

from crm_platform.sdk import (
    Customer, JobKind, Schedule, db, keyset_page, lazy_gettext as _l, utcnow, workspace_today,
)

from plugins.sales_automation.models import CollectionReminder, Contract, Instalment
from plugins.sales_automation.payments.queries import contract_visibility, unpaid
from plugins.sales_automation.settings import settings

KIND = "sales_automation_collection_reminders"
CHUNK = 500
STAGES = ("due", "overdue")


def _candidates(stage, today, notice_days):
    """(instalment id, owner id, due date) of the unsettled instalments that need a `stage` reminder and lack it."""
    if stage == "due":
        when = and_(Instalment.due_date >= today, Instalment.due_date <= today + timedelta(days=notice_days))
    else:
        when = Instalment.due_date < today
    reminded = exists().where(CollectionReminder.instalment_id == Instalment.id, CollectionReminder.stage == stage)
    return (select(Instalment.id, Contract.owner_id, Instalment.due_date)
            .join(Contract, Contract.id == Instalment.contract_id)
            .where(Instalment.settled.is_(False), Contract.status == "active", when, ~reminded)
            .order_by(Instalment.due_date, Instalment.id))


def make_reminders(ctx):
    """Make the workspace's missing collection reminders; the job's result counts them per stage."""
    today = workspace_today()
    notice_days = settings()["collection_notice_days"]
    made = {}
    for stage in STAGES:
        rows = db.session.execute(_candidates(stage, today, notice_days)).all()
        for start in range(0, len(rows), CHUNK):
            db.session.add_all([CollectionReminder(instalment_id=instalment_id, owner_id=owner_id, stage=stage,
                                                   due_date=due_date, created_on=today)
                                for instalment_id, owner_id, due_date in rows[start:start + CHUNK]])
            ctx.progress(min(start + CHUNK, len(rows)), len(rows))
        made[stage] = len(rows)
    _follow_owners()
    return {"today": today.isoformat(), "due": made["due"], "overdue": made["overdue"]}


def _follow_owners():
    """Record on each open reminder its contract's current owner (the contract may have changed hands)."""
    owner = (select(Contract.owner_id).join(Instalment, Instalment.contract_id == Contract.id)
             .where(Instalment.id == CollectionReminder.instalment_id).scalar_subquery())
    db.session.execute(update(CollectionReminder).where(CollectionReminder.done_at.is_(None),
                                                        CollectionReminder.owner_id != owner).values(owner_id=owner),
                       execution_options={"synchronize_session": False})


# Skipping what exists makes a second run harmless, so a run whose worker died is simply run again.
KINDS = [JobKind(KIND, make_reminders, _l("Collection reminders"), timeout=1800, idempotent=True)]
SCHEDULES = [Schedule("sales_automation_daily_collection", KIND, every="daily", at=time(6, 30))]


def _open(user, today):
    """A SELECT of the open collection reminders of the contracts the user owns now.

    A settled instalment's reminders are gone, and so is a "due" reminder once
    its day has passed (the "overdue" one takes over).
    """
    return (select(CollectionReminder)
            .join(Instalment, Instalment.id == CollectionReminder.instalment_id)
            .join(Contract, Contract.id == Instalment.contract_id)
            .where(Contract.owner_id == user.id, CollectionReminder.done_at.is_(None),
                   Instalment.settled.is_(False), Contract.status == "active", contract_visibility(user),
                   or_(CollectionReminder.stage == "overdue", CollectionReminder.due_date >= today)))


def _rows(reminders):
    """The reminders as rows with their contract, customer and what is outstanding."""
    ids = [reminder.instalment_id for reminder in reminders]
    details = {row[0]: row[1:] for row in db.session.execute(
        select(Instalment.id, Contract, Customer.name, unpaid())
        .join(Contract, Contract.id == Instalment.contract_id).join(Customer, Customer.id == Contract.customer_id)
        .where(Instalment.id.in_(ids)))} if ids else {}
    rows = []
    for reminder in reminders:
        contract, name, left = details[reminder.instalment_id]
        rows.append({"id": reminder.id, "stage": reminder.stage, "due_date": reminder.due_date,
                     "created_on": reminder.created_on, "instalment_id": reminder.instalment_id,
                     "contract_id": contract.id, "contract_number": contract.number,
                     "customer_id": contract.customer_id, "customer_name": name, "currency": contract.currency,
                     "outstanding": left})
    return rows


def open_reminders(user, today):
    """The user's open collection reminders as rows for the Today page, most overdue first."""
    stmt = _open(user, today).order_by(CollectionReminder.due_date, CollectionReminder.id)
    return _rows(db.session.scalars(stmt).all())


def reminder_page(user, today, args):
    """A cursor page of the user's open collection reminders, most overdue first; (rows, next_cursor)."""
    items, next_cursor = keyset_page(_open(user, today), [CollectionReminder.due_date, CollectionReminder.id], False,
                                     args.get("cursor"), args["limit"], types=[date, int])
    return _rows(items), next_cursor


def reminder_or_404(user, reminder_id):
    """A collection reminder of a contract the user owns now; anyone else's is the same 404 as a missing id."""
    reminder = db.session.scalar(select(CollectionReminder)
                                 .join(Instalment, Instalment.id == CollectionReminder.instalment_id)
                                 .join(Contract, Contract.id == Instalment.contract_id)
                                 .where(CollectionReminder.id == reminder_id, Contract.owner_id == user.id))
    if reminder is None:
        abort(404)
    return reminder


def mark_done(reminder):
    """Close the reminder (it leaves the Today page) and commit."""
    if reminder.done_at is None:
        reminder.done_at = utcnow()
        db.session.commit()
