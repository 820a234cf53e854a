"""Who reads, posts, edits and deletes announcements: one SQL criterion for reading and the rules for writing.

Readers: everyone reads the company's announcements (`unit_id` None); a unit's are read
by the members of that unit's subtree, by its author, by all-scope roles, and by
unit-scope roles whose remit holds the unit (a manager may post there, so they see
what is posted there). Posting needs `announcements.post`: all-scope roles post to
the company or any unit, unit-scope roles to their own unit or one below it. The
author (while they hold `announcements.post`) and holders of `announcements.manage`
(admins) edit and delete.
"""
from flask import abort
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import false, or_, select, true
from werkzeug.exceptions import Forbidden

from crm_platform.extensions import db
from crm_platform.models import Announcement, OrgUnit
from crm_platform.roles import get_role, has_permission
from crm_platform.visibility import unit_ancestor_ids, unit_subtree_ids

POST = "announcements.post"
MANAGE = "announcements.manage"
COMPANY = _l("Whole company")


def announcement_criterion(user):
    """The WHERE clause selecting the announcements `user` may read."""
    role = get_role(user.role)
    if role is None or not user.active:
        return false()
    if role.scope == "all":
        return true()
    readable = [Announcement.unit_id.is_(None), Announcement.author_id == user.id]
    if user.org_unit_id is not None:
        # A member of a unit's subtree is one whose own unit has that unit among its ancestors.
        readable.append(Announcement.unit_id.in_(unit_ancestor_ids(user.org_unit_id)))
        if role.scope == "unit":
            readable.append(Announcement.unit_id.in_(unit_subtree_ids(user.org_unit_id)))
    return or_(*readable)


def readable_announcement_or_404(user, announcement_id):
    """The announcement if `user` may read it; otherwise the same 404 as a missing id."""
    announcement = db.session.scalar(select(Announcement).where(Announcement.id == announcement_id,
                                                                announcement_criterion(user)))
    if announcement is None:
        abort(404)
    return announcement


def may_post(user):
    """True when `user` may post announcements somewhere."""
    return bool(user.active and has_permission(user, POST) and post_targets(user))


def post_targets(user):
    """[(unit id or None for the company, label)] where `user` may post, parents before children."""
    role = get_role(user.role)
    if role is None or not user.active or not has_permission(user, POST):
        return []
    query = select(OrgUnit).order_by(OrgUnit.path)
    if role.scope == "all":
        targets = [(None, str(COMPANY))]
    elif role.scope == "unit" and user.org_unit_id is not None:
        targets, query = [], query.where(OrgUnit.id.in_(unit_subtree_ids(user.org_unit_id)))
    else:
        return []
    return targets + [(unit.id, "\u2003" * (unit.path.count("/") - 2) + unit.name)
                      for unit in db.session.scalars(query)]


def require_target(user, unit_id):
    """Refuse with 403 unless `user` may post to `unit_id` (None: the whole company)."""
    if unit_id not in {target for target, _label in post_targets(user)}:
        raise Forbidden(_("You may not post announcements there."))


def may_change(user, announcement):
    """True when `user` may edit or delete `announcement`: `announcements.manage`, or its author while they may post."""
    # A manager made a rep no longer speaks for the company or a unit, not even through what they posted before.
    return bool(user.active and (has_permission(user, MANAGE)
                                 or (announcement.author_id == user.id and has_permission(user, POST))))


def require_change(user, announcement):
    """`announcement`, or a 403 unless `user` may edit or delete it."""
    if not may_change(user, announcement):
        raise Forbidden(_("Only its author or an administrator may change this announcement."))
    return announcement
