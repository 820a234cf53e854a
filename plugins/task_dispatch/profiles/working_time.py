"""A person's working time as their profile shows it: the workspace calendar's hours and their upcoming time off.

Both belong to the core (docs/calendar.md): the hours are set on the workspace's
calendar page, time off on /calendar/time-off; the profile only shows them.
"""
from sqlalchemy import select

from crm_platform.sdk import TimeOff, db, has_permission, utcnow, workspace_calendar


def weekly_hours():
    """The workspace's working hours: [{"weekday": 0..6 (Monday 0), "opens": "09:00", "closes": "12:00"}]."""
    hours = workspace_calendar().hours
    return [{"weekday": day, "opens": opens.strftime("%H:%M"), "closes": closes.strftime("%H:%M")}
            for day in sorted(hours) for opens, closes in hours[day]]


def upcoming_time_off(user_id, limit=20, now=None):
    """The person's time off that has not ended yet, soonest first."""
    return db.session.scalars(select(TimeOff).where(TimeOff.user_id == user_id, TimeOff.ends_at > (now or utcnow()))
                              .order_by(TimeOff.starts_at, TimeOff.id).limit(limit)).all()


def may_manage_time_off(viewer, user_id):
    """Whether the core's time-off page lets `viewer` manage `user_id`'s time off (their own, or admins)."""
    return viewer.id == user_id or has_permission(viewer, "workspace.manage")
