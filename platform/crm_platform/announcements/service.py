"""Announcements: listing with each reader's read state, posting, changing, deleting and marking read."""
from datetime import datetime

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import delete as delete_rows, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from crm_platform.announcements.access import announcement_criterion, require_change, require_target
from crm_platform.api.pagination import keyset_page
from crm_platform.extensions import db
from crm_platform.models import Announcement, AnnouncementRead, User
from crm_platform.models.base import utcnow
from crm_platform.workspace.clock import workspace_today

FIELDS = ("title", "body", "unit_id", "pinned", "expires_on")


def _read_by(user):
    """EXISTS: `user` has read the announcement of the outer query."""
    return exists().where(AnnouncementRead.announcement_id == Announcement.id, AnnouncementRead.user_id == user.id)


def current_criterion(today=None):
    """The WHERE clause of announcements still current: no expiry date, or one on or after the workspace's today."""
    today = today or workspace_today()
    return or_(Announcement.expires_on.is_(None), Announcement.expires_on >= today)


def readable(user, unread=None, pinned=None, current=False):
    """A SELECT of the announcements `user` may read, filtered by read state, pinning and expiry."""
    stmt = (select(Announcement).where(announcement_criterion(user))
            .options(selectinload(Announcement.author), selectinload(Announcement.unit)))
    if unread is not None:
        stmt = stmt.where(~_read_by(user) if unread else _read_by(user))
    if pinned is not None:
        stmt = stmt.where(Announcement.pinned.is_(pinned))
    if current:
        stmt = stmt.where(current_criterion())
    return stmt


def with_read_state(user, announcements):
    """Give each announcement `viewer_read_at`: when `user` read it (None: unread); returns the list."""
    ids = [a.id for a in announcements]
    read = dict(db.session.execute(select(AnnouncementRead.announcement_id, AnnouncementRead.read_at).where(
        AnnouncementRead.user_id == user.id, AnnouncementRead.announcement_id.in_(ids))).all()) if ids else {}
    for announcement in announcements:
        announcement.viewer_read_at = read.get(announcement.id)
    return announcements


def announcement_page(user, args):
    """One page of what `user` may read, newest first, with read state: (announcements, next_cursor)."""
    stmt = readable(user, args.get("unread"), args.get("pinned"), args.get("current", False))
    rows, cursor = keyset_page(stmt, [Announcement.published_at, Announcement.id], True, args.get("cursor"),
                               args.get("limit"), types=[datetime, int])
    return with_read_state(user, rows), cursor


def pinned_announcements(user, unread_only=False):
    """Every pinned announcement `user` may read (or only the current unread ones), newest first, with read state."""
    stmt = (readable(user, unread=True if unread_only else None, pinned=True, current=unread_only)
            .order_by(Announcement.published_at.desc(), Announcement.id.desc()))
    return with_read_state(user, db.session.scalars(stmt).all())


def unread_count(user):
    """How many current announcements `user` may read and has not read."""
    stmt = select(func.count()).select_from(Announcement).where(announcement_criterion(user), ~_read_by(user),
                                                                current_criterion())
    return db.session.scalar(stmt)


def dashboard_announcements(user, limit=5):
    """What the dashboard shows `user`: current announcements that are pinned or unread, pinned first, newest first."""
    stmt = (readable(user, current=True).where(or_(Announcement.pinned.is_(True), ~_read_by(user)))
            .order_by(Announcement.pinned.desc(), Announcement.published_at.desc(), Announcement.id.desc())
            .limit(limit))
    return with_read_state(user, db.session.scalars(stmt).all())


def _check_expiry(data, before=None):
    """Refuse (422) a new last day that is already past in the workspace: the dashboard would never show it."""
    expires_on = data.get("expires_on")
    if expires_on is not None and expires_on != before and expires_on < workspace_today():
        raise ValidationError({"expires_on": [_("This day is already past: choose today or a later day.")]})


def post(user, data):
    """Post an announcement as `user` (403 when they may not post to its unit); returns it, committed."""
    require_target(user, data.get("unit_id"))
    _check_expiry(data)
    announcement = Announcement(author_id=user.id, published_at=utcnow(),
                                **{key: data[key] for key in FIELDS if key in data})
    db.session.add(announcement)
    db.session.commit()
    return with_read_state(user, [announcement])[0]


def update(user, announcement, data):
    """Change an announcement (its author, or admins); a new unit must be one `user` may post to."""
    require_change(user, announcement)
    if "unit_id" in data and data["unit_id"] != announcement.unit_id:
        require_target(user, data["unit_id"])
    _check_expiry(data, announcement.expires_on)
    for key in FIELDS:
        if key in data:
            setattr(announcement, key, data[key])
    db.session.commit()
    return with_read_state(user, [announcement])[0]


def delete(user, announcement):
    """Delete an announcement and its read marks (its author, or admins)."""
    require_change(user, announcement)
    db.session.execute(delete_rows(AnnouncementRead).where(AnnouncementRead.announcement_id == announcement.id))
    db.session.delete(announcement)
    db.session.commit()


def mark_read(user, announcement):
    """Record that `user` has read `announcement` (once: the first reading's time stays); returns it."""
    already = db.session.scalar(select(AnnouncementRead.id).where(
        AnnouncementRead.user_id == user.id, AnnouncementRead.announcement_id == announcement.id))
    if already is None:
        db.session.add(AnnouncementRead(announcement_id=announcement.id, user_id=user.id, read_at=utcnow()))
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # the same reader in another tab got there first: read is read
    return with_read_state(user, [announcement])[0]


def readers(announcement):
    """[(user, read_at)] of who has read `announcement`, most recent first."""
    stmt = (select(User, AnnouncementRead.read_at).join(AnnouncementRead, AnnouncementRead.user_id == User.id)
            .where(AnnouncementRead.announcement_id == announcement.id)
            .order_by(AnnouncementRead.read_at.desc(), User.name))
    return db.session.execute(stmt).all()
