"""Who reads, writes and comments on work logs: each person their own; managers their unit subtree's; all-scope roles everyone's.

Reading follows the core's work-owner scopes (visibility.work_owner_criterion):
a rep reads only their own logs and plans, a manager also those of the people
in their unit and the units below it, executives and admins everyone's. Whoever
may read a log may comment on it (the manager's remarks and the author's
replies); only its author writes or edits it.
"""
from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import Forbidden

from crm_platform.extensions import db
from crm_platform.models import User, WorkLog
from crm_platform.roles import role_scope
from crm_platform.visibility import work_owner_criterion


def work_log_criterion(user):
    """The WHERE clause selecting the work logs and plans `user` may read (and comment on)."""
    return work_owner_criterion(user, WorkLog.user_id)


def readable_work_log_or_404(user, work_log_id):
    """The work log if `user` may read it; otherwise the same 404 as a missing id."""
    log = db.session.scalar(select(WorkLog).where(WorkLog.id == work_log_id, work_log_criterion(user)))
    if log is None:
        abort(404)
    return log


def require_author(user, log):
    """`log`, or a 403 unless `user` wrote it: managers comment on their team's logs, never rewrite them."""
    if log.user_id != user.id:
        raise Forbidden(_("Only its author may change a work log."))
    return log


def leads_a_team(user):
    """True when `user`'s role reads other people's logs (a unit or all scope)."""
    return role_scope(user) in ("all", "unit")


def require_team_lead(user):
    """Refuse with 403 unless `user` reads other people's logs."""
    if not leads_a_team(user):
        raise Forbidden(_("Only managers read their team's work logs."))


def team_members(user):
    """The active users whose logs `user` may read (themselves included), by name."""
    return db.session.scalars(select(User).where(User.active.is_(True), work_owner_criterion(user, User.id))
                              .order_by(User.name, User.id)).all()

