"""Which reminders a user gets: their own (or their team's), and only while they may still see the customer."""
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from crm_platform.api.pagination import keyset_page
from crm_platform.extensions import db
from crm_platform.follow_ups.queries import narrowed_to_remit
from crm_platform.models import Reminder
from crm_platform.visibility import customer_criterion
from crm_platform.workspace.settings import get_setting, tenant_today

OVERDUE_SHOWN = 50


def _mine(stmt, user, args=None):
    """`stmt` narrowed to `user`'s reminders (or with scope "team" their remit's) about customers `user` may see."""
    return narrowed_to_remit(stmt.join(Reminder.customer).where(customer_criterion(user)), user, Reminder.user_id,
                             args or {})


def _filtered(stmt, args):
    """The API's filters: status (open, done, all), due_from, due_to."""
    status = args.get("status") or "open"
    if status == "open":
        stmt = stmt.where(Reminder.done_at.is_(None))
    elif status == "done":
        stmt = stmt.where(Reminder.done_at.is_not(None))
    if args.get("due_from") is not None:
        stmt = stmt.where(Reminder.due_date >= args["due_from"])
    if args.get("due_to") is not None:
        stmt = stmt.where(Reminder.due_date <= args["due_to"])
    return stmt


def my_reminders(user, args=None):
    """A SELECT of `user`'s reminders (filtered by `args`) about customers `user` may see, customers loaded."""
    stmt = _mine(select(Reminder), user, args).options(contains_eager(Reminder.customer))
    return _filtered(stmt, args) if args is not None else stmt


def count_reminders(user, args):
    """How many of `user`'s reminders match `args`."""
    return db.session.scalar(_filtered(_mine(select(func.count(Reminder.id)).select_from(Reminder), user, args), args))


def reminder_page(user, args):
    """One page of `user`'s reminders, by due date then id: (reminders, next_cursor)."""
    return keyset_page(my_reminders(user, args), [Reminder.due_date, Reminder.id], False,
                       args.get("cursor"), args.get("limit"), types=[date, int])


def today_lists(user, tenant, cursor=None):
    """What the "today" page shows `user`, for the workspace's local today.

    Open reminders due from today to today + N days, a page at a time (by due
    date); and on the first page the most recent overdue ones with their count.
    """
    today = tenant_today(tenant)
    days = int(get_setting(tenant, "care_reminder_days"))
    # Pool warnings (pool/job.py) are due the day the customer would go: show them from their first day.
    ahead = max(days, int(get_setting(tenant, "pool_warning_days")))
    coming, next_cursor = reminder_page(user, {"status": "open", "due_from": today,
                                               "due_to": today + timedelta(days=ahead), "cursor": cursor})
    overdue, overdue_count = [], 0
    if not cursor:
        late = {"status": "open", "due_to": today - timedelta(days=1)}
        overdue_count = count_reminders(user, late)
        overdue = db.session.scalars(my_reminders(user, late).order_by(Reminder.due_date.desc(), Reminder.id.desc())
                                     .limit(OVERDUE_SHOWN)).all()
    return {"today": today, "days": days, "due_today": [r for r in coming if r.due_date == today],
            "upcoming": [r for r in coming if r.due_date > today], "next_cursor": next_cursor,
            "overdue": overdue, "overdue_count": overdue_count}
