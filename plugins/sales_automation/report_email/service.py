"""Who gets the monthly team report, and each user's subscription to it (opted out, or not).

A manager is an active user whose role sees a unit (scope "unit"), placed in an
org unit with at least one other active user in its subtree: their team's report
is that subtree's. Executives (role "executive") get the whole company's. Admins,
finance and reps get none: they run the workspace, the books or their own work,
and their own figures are on the reports page.
"""
from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError

from crm_platform.sdk import User, db, role_scope, users_in_unit_subtree

from plugins.sales_automation.models import ReportEmailOptOut, ReportEmailSent

COMPANY_ROLE = "executive"
"""The role whose members get the company's report (everyone's figures)."""


def has_team(user):
    """Whether `user` heads people: an active user other than them in their unit's subtree."""
    if user.org_unit_id is None:
        return False
    return bool(db.session.scalar(select(exists().where(
        User.id.in_(users_in_unit_subtree(user.org_unit_id)), User.id != user.id, User.active.is_(True)))))


def is_manager(user):
    """Whether the monthly report is meant for `user`: an executive, or a unit-scope user with a team."""
    scope = role_scope(user)
    if scope == "all":
        return user.role == COMPANY_ROLE
    return scope == "unit" and has_team(user)


def is_subscribed(user):
    """Whether `user` has not opted out of the monthly report."""
    return not db.session.scalar(select(exists().where(ReportEmailOptOut.user_id == user.id)))


def set_subscribed(user, subscribed):
    """Opt `user` in (True) or out (False) of the monthly report, and commit; a repeat changes nothing."""
    if subscribed:
        db.session.execute(delete(ReportEmailOptOut).where(ReportEmailOptOut.user_id == user.id))
    elif is_subscribed(user):
        db.session.add(ReportEmailOptOut(user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:  # a second request opted out at the same moment: the user is out either way
        db.session.rollback()


def last_sent(user):
    """The latest month (its first day) whose report `user` was sent, or None."""
    return db.session.scalar(select(ReportEmailSent.month).where(ReportEmailSent.user_id == user.id)
                             .order_by(ReportEmailSent.month.desc()).limit(1))


def subscription(user):
    """What the page and the API show: subscribed, whether the report is meant for them, the last month sent."""
    return {"subscribed": is_subscribed(user), "recipient": is_manager(user), "last_sent_month": last_sent(user)}


def recipients(month):
    """The active users the report for `month` is due to: managers and executives not opted out nor sent it yet."""
    opted_out = exists().where(ReportEmailOptOut.user_id == User.id)
    sent = exists().where(ReportEmailSent.user_id == User.id, ReportEmailSent.month == month)
    users = db.session.scalars(select(User).where(User.active.is_(True), ~opted_out, ~sent)
                               .order_by(User.name, User.id)).all()
    return [user for user in users if is_manager(user)]
