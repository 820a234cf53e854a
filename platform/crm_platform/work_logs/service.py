"""Work logs and weekly plans: writing one's own (one per day, one per week), reading a team's, commenting."""
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import Conflict

from crm_platform.api.pagination import keyset_page
from crm_platform.extensions import db
from crm_platform.models import User, WorkLog, WorkLogComment
from crm_platform.visibility import work_owner_criterion
from crm_platform.work_logs.access import require_author, work_log_criterion
from crm_platform.workspace.clock import workspace_today


def week_start(day):
    """The Monday of `day`'s week: a weekly plan is keyed by it."""
    return day - timedelta(days=day.weekday())


def log_day(kind, day=None):
    """The day a log of `kind` written for `day` (default today) is kept under: the day, or its week's Monday."""
    day = day or workspace_today()
    return week_start(day) if kind == "weekly" else day


def latest_allowed(kind, today=None):
    """The last day one may write a log of `kind` for: today for a daily log, next week for a plan."""
    today = today or workspace_today()
    return week_start(today) + timedelta(days=7) if kind == "weekly" else today


def own_log(user, kind, day):
    """`user`'s log of `kind` for `day` (a plan: that day's week), or None."""
    return db.session.scalar(select(WorkLog).where(WorkLog.user_id == user.id, WorkLog.kind == kind,
                                                   WorkLog.day == log_day(kind, day)))


def create(user, kind, day, body):
    """Write `user`'s log of `kind` for `day` (today or this week by default); 409 when it already exists."""
    day = log_day(kind, day)
    if own_log(user, kind, day) is not None:
        raise Conflict(_("You have already written this day's log; change it instead.") if kind == "daily"
                       else _("You have already written this week's plan; change it instead."))
    log = WorkLog(user_id=user.id, kind=kind, day=day, body=body)
    db.session.add(log)
    db.session.commit()
    return log


def save(user, kind, day, body):
    """Write or rewrite `user`'s log of `kind` for `day` (the pages' one form for both); returns (log, created)."""
    log = own_log(user, kind, day)
    if log is None:
        return create(user, kind, day, body), True
    log.body = body
    db.session.commit()
    return log, False


def update(user, log, body):
    """Change the text of `user`'s own log (403 for anyone else's)."""
    require_author(user, log)
    log.body = body
    db.session.commit()
    return log


def comment(user, log, body):
    """Add `user`'s comment to a log they may read: a manager's remark or the author's reply."""
    row = WorkLogComment(work_log_id=log.id, author_id=user.id, body=body)
    db.session.add(row)
    db.session.commit()
    return row


def comments(log):
    """The comments on `log`, oldest first, with their authors."""
    return db.session.scalars(select(WorkLogComment).where(WorkLogComment.work_log_id == log.id)
                              .options(selectinload(WorkLogComment.author))
                              .order_by(WorkLogComment.created_at, WorkLogComment.id)).all()


def comment_page(log, args):
    """One page of the comments on `log`, oldest first: (comments, next_cursor)."""
    stmt = select(WorkLogComment).where(WorkLogComment.work_log_id == log.id).options(
        selectinload(WorkLogComment.author))
    return keyset_page(stmt, [WorkLogComment.created_at, WorkLogComment.id], False, args.get("cursor"),
                       args.get("limit"), types=[datetime, int])


def readable_logs(user, args):
    """A SELECT of the logs `user` may read, narrowed by `user_id`, `kind`, `day_from` and `day_to`."""
    stmt = select(WorkLog).where(work_log_criterion(user)).options(selectinload(WorkLog.user))
    if args.get("user_id") is not None:
        stmt = stmt.where(WorkLog.user_id == args["user_id"])
    if args.get("kind"):
        stmt = stmt.where(WorkLog.kind == args["kind"])
    if args.get("day_from") is not None:
        # A plan is kept under its Monday: the plan of the week holding day_from counts, whatever `kind` asks for.
        stmt = stmt.where(or_(and_(WorkLog.kind == "weekly", WorkLog.day >= week_start(args["day_from"])),
                              and_(WorkLog.kind == "daily", WorkLog.day >= args["day_from"])))
    if args.get("day_to") is not None:
        stmt = stmt.where(WorkLog.day <= args["day_to"])
    return stmt


def with_comment_counts(logs):
    """Give each log `comment_count`; returns the list."""
    ids = [log.id for log in logs]
    counts = dict(db.session.execute(select(WorkLogComment.work_log_id, func.count()).where(
        WorkLogComment.work_log_id.in_(ids)).group_by(WorkLogComment.work_log_id)).all()) if ids else {}
    for log in logs:
        log.comment_count = counts.get(log.id, 0)
    return logs


def log_page(user, args):
    """One page of the logs `user` may read, latest day first: (logs with comment counts, next_cursor)."""
    rows, cursor = keyset_page(readable_logs(user, args), [WorkLog.day, WorkLog.id], True, args.get("cursor"),
                               args.get("limit"), types=[date, int])
    return with_comment_counts(rows), cursor


def recent_own(user, kind, count):
    """`user`'s latest `count` logs of `kind`, latest first, with comment counts."""
    stmt = (select(WorkLog).where(WorkLog.user_id == user.id, WorkLog.kind == kind)
            .order_by(WorkLog.day.desc(), WorkLog.id.desc()).limit(count))
    return with_comment_counts(db.session.scalars(stmt).all())


def missing_daily_logs(user, day):
    """The active people in `user`'s remit (themselves included) with no daily log for `day`, by name."""
    written = select(WorkLog.user_id).where(WorkLog.kind == "daily", WorkLog.day == day)
    return db.session.scalars(select(User).where(User.active.is_(True), work_owner_criterion(user, User.id),
                                                 User.id.not_in(written)).order_by(User.name, User.id)).all()
