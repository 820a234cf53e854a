"""Announcements and work logs for the collaboration tests, written straight into one tenant of the world."""
from datetime import date, datetime, timezone

from crm_platform.models import Announcement, AnnouncementRead, WorkLog, WorkLogComment

PUBLISHED = datetime(2026, 1, 5, 2, tzinfo=timezone.utc)


def add_announcement(tenant_session, world, slug, author="admin", unit=None, title="Notice", read_by=(), **fields):
    """An announcement of `author` in `slug` to `unit` (a world unit key; None: the company); returns its id."""
    tw = world[slug]
    with tenant_session(slug) as session:
        row = Announcement(title=title, body=f"{title} body", author_id=tw.users[author].id,
                           unit_id=tw.units[unit].id if unit else None,
                           published_at=fields.pop("published_at", PUBLISHED), **fields)
        session.add(row)
        session.flush()
        session.add_all([AnnouncementRead(announcement_id=row.id, user_id=tw.users[key].id, read_at=PUBLISHED)
                         for key in read_by])
        session.commit()
        return row.id


def add_work_log(tenant_session, world, slug, user="rep_n1", kind="daily", day=date(2026, 1, 5), body="Called Alpha",
                 comment_by=None):
    """A work log (or plan) of `user` in `slug`, with a comment by `comment_by` if given; returns its id."""
    tw = world[slug]
    with tenant_session(slug) as session:
        row = WorkLog(user_id=tw.users[user].id, kind=kind, day=day, body=body)
        session.add(row)
        session.flush()
        if comment_by:
            session.add(WorkLogComment(work_log_id=row.id, author_id=tw.users[comment_by].id, body="Good work"))
        session.commit()
        return row.id
