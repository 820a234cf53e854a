"""Which follow-ups and overdue reminders a user sees: their own, or their team's through the one policy.

A follow-up is an activity with `follow_up_at` set (a planned activity, or a
logged one whose dated next step is open); it belongs to the activity's user.
"Mine" is the user's own; "team" is every user in their remit (visibility.
work_owner_criterion: the unit subtree for managers, everyone for executives
and admins, only themselves for reps), narrowed by a rep or a unit. Either way
the customer must be one the user may see.
"""
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from crm_platform.api.pagination import keyset_page
from crm_platform.extensions import db
from crm_platform.models import Activity, OrgUnit, Reminder, User
from crm_platform.models.base import utcnow
from crm_platform.roles import get_role
from crm_platform.visibility import customer_criterion, unit_subtree_ids, users_in_unit_subtree, work_owner_criterion

SHOWN = 50


def has_team(user):
    """True when `user`'s remit reaches beyond their own work (managers with a unit, executives, admins)."""
    role = get_role(user.role)
    return role is not None and (role.scope == "all" or (role.scope == "unit" and user.org_unit_id is not None))


def narrowed_to_remit(stmt, user, column, args):
    """`stmt` limited to `user`'s own work, or with scope "team" to their remit narrowed by user_id and org_unit_id."""
    if args.get("scope") != "team":
        return stmt.where(column == user.id)
    stmt = stmt.where(work_owner_criterion(user, column))
    if args.get("user_id") is not None:
        stmt = stmt.where(column == args["user_id"])
    if args.get("org_unit_id") is not None:
        stmt = stmt.where(column.in_(users_in_unit_subtree(args["org_unit_id"])))
    return stmt


def follow_ups(user, args):
    """A SELECT of the open follow-ups `user` sees under `args` (scope, user_id, org_unit_id, overdue, due_from, due_to)."""
    stmt = (select(Activity).join(Activity.customer)
            .where(Activity.follow_up_at.is_not(None), customer_criterion(user))
            .options(contains_eager(Activity.customer), selectinload(Activity.user), selectinload(Activity.contact)))
    stmt = narrowed_to_remit(stmt, user, Activity.user_id, args)
    if args.get("overdue"):
        stmt = stmt.where(Activity.follow_up_at < utcnow())
    if args.get("due_from") is not None:
        stmt = stmt.where(Activity.follow_up_at >= args["due_from"])
    if args.get("due_to") is not None:
        stmt = stmt.where(Activity.follow_up_at <= args["due_to"])
    return stmt


def follow_up_page(user, args):
    """One page of follow-ups by due time then id: (activities, next_cursor)."""
    return keyset_page(follow_ups(user, args), [Activity.follow_up_at, Activity.id], False,
                       args.get("cursor"), args.get("limit"), types=[datetime, int])


def count_follow_ups(user, args):
    """How many follow-ups `user` sees under `args`."""
    return db.session.scalar(select(func.count()).select_from(follow_ups(user, args).subquery()))


def team_overdue_reminders(user, args, today):
    """The open care reminders due before `today` of `user`'s team (as `narrowed_to_remit` with scope team), most recent first."""
    stmt = (select(Reminder).join(Reminder.customer)
            .where(Reminder.done_at.is_(None), Reminder.due_date < today, customer_criterion(user))
            .options(contains_eager(Reminder.customer), selectinload(Reminder.user)))
    stmt = narrowed_to_remit(stmt, user, Reminder.user_id, {**args, "scope": "team"})
    return db.session.scalars(stmt.order_by(Reminder.due_date.desc(), Reminder.id.desc()).limit(SHOWN)).all()


def team_choices(user):
    """(users, units) a team filter offers `user`: the active users and the units in their remit."""
    users = db.session.scalars(select(User).where(User.active.is_(True), work_owner_criterion(user, User.id))
                               .order_by(User.name, User.id)).all()
    units = select(OrgUnit).order_by(OrgUnit.path)
    if get_role(user.role).scope != "all":
        units = units.where(OrgUnit.id.in_(unit_subtree_ids(user.org_unit_id)))
    return users, db.session.scalars(units).all()
