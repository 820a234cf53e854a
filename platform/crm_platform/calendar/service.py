"""The workspace's calendar: its settings, company days and people's time off, and the calendar object built from them."""
from datetime import date, time

from flask import abort
from sqlalchemy import select

from crm_platform.calendar.business_time import DEFAULT_HOURS, BusinessCalendar
from crm_platform.calendar.holidays import SOURCES
from crm_platform.extensions import db
from crm_platform.models import AuditEntry, CalendarDay, TimeOff, User
from crm_platform.roles import has_permission
from crm_platform.workspace.settings import tenant_timezone

# tenants.settings keys (docs/calendar.md); kept apart from workspace.settings.DEFAULTS, which the settings page edits.
HOURS_KEY = "calendar_hours"
HOLIDAYS_KEY = "calendar_holidays"
DEFAULT_HOLIDAYS = "CN"


def _wall(text):
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def working_hours(tenant):
    """The workspace's hours: weekday (0 is Monday) -> sorted ((opens, closes), ...) wall times."""
    stored = (tenant.settings or {}).get(HOURS_KEY)
    if stored is None:
        return dict(DEFAULT_HOURS)
    return {int(day): tuple(sorted((_wall(a), _wall(b)) for a, b in spans)) for day, spans in stored.items() if spans}


def holiday_source(tenant):
    """The official calendar's key: "CN" (China's, the default) or "none"."""
    return (tenant.settings or {}).get(HOLIDAYS_KEY, DEFAULT_HOLIDAYS)


def calendar_settings(tenant):
    """The hours and holiday source as the API shows them: a list of {weekday, opens, closes} and a key."""
    hours = working_hours(tenant)
    return {"holidays": holiday_source(tenant),
            "hours": [{"weekday": day, "opens": opens, "closes": closes}
                      for day in sorted(hours) for opens, closes in hours[day]]}


def update_calendar_settings(actor, tenant, data):
    """Store validated hours and/or holiday source (audited); returns the new settings."""
    before = calendar_settings(tenant)
    settings = dict(tenant.settings or {})
    if "hours" in data:
        stored = {}
        for span in sorted(data["hours"], key=lambda s: (s["weekday"], s["opens"])):
            stored.setdefault(str(span["weekday"]), []).append([span["opens"].strftime("%H:%M"),
                                                                span["closes"].strftime("%H:%M")])
        settings[HOURS_KEY] = stored
    if "holidays" in data:
        settings[HOLIDAYS_KEY] = data["holidays"]
    tenant.settings = settings
    after = calendar_settings(tenant)
    changes = {key: [_plain(before[key]), _plain(after[key])] for key in after if before[key] != after[key]}
    if changes:
        db.session.add(AuditEntry(actor_id=actor.id, action="update", entity="workspace", entity_id=tenant.id,
                                  summary=tenant.name[:200], changes=changes))
    db.session.commit()
    return after


def _plain(value):
    """JSON-safe copy of a settings value for the audit trail."""
    if isinstance(value, list):
        return [{key: item.strftime("%H:%M") if isinstance(item, time) else item for key, item in span.items()}
                for span in value]
    return value


def calendar_days(year=None):
    """The workspace's company days off and extra working days, by date (of `year` when given)."""
    query = select(CalendarDay).order_by(CalendarDay.day)
    if year is not None:
        query = query.where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
    return db.session.scalars(query).all()


def calendar_day_or_404(day_id):
    """This workspace's calendar day `day_id`, or a 404 like a missing one."""
    row = db.session.get(CalendarDay, day_id)
    if row is None:
        abort(404)
    return row


def may_manage_time_off(actor, user_id):
    """People manage their own time off; admins (workspace.manage) anyone's in the workspace."""
    return actor.id == user_id or has_permission(actor, "workspace.manage")


def time_off_user_or_404(actor, user_id):
    """The workspace's user whose time off `actor` may manage, or a 404 (another workspace's id is no different)."""
    user = db.session.get(User, user_id)
    if user is None or not may_manage_time_off(actor, user.id):
        abort(404)
    return user


def time_off_or_404(actor, time_off_id):
    """Time off `actor` may manage, or a 404 like a missing one."""
    row = db.session.get(TimeOff, time_off_id)
    if row is None or not may_manage_time_off(actor, row.user_id):
        abort(404)
    return row


def time_off_of(user_id):
    """A person's time off, latest start first."""
    return db.session.scalars(select(TimeOff).where(TimeOff.user_id == user_id)
                              .order_by(TimeOff.starts_at.desc(), TimeOff.id)).all()


def tenant_calendar(tenant, user=None):
    """The workspace's BusinessCalendar; with `user`, their time off is not working time."""
    days = calendar_days()
    blocked = [(row.starts_at, row.ends_at) for row in time_off_of(user.id)] if user is not None else ()
    return BusinessCalendar(tenant_timezone(tenant), hours=working_hours(tenant),
                            official=SOURCES.get(holiday_source(tenant), SOURCES[DEFAULT_HOLIDAYS]),
                            days_off={row.day for row in days if not row.working},
                            extra_days={row.day for row in days if row.working}, blocked=blocked)


def calendar_day_on(day):
    """The workspace's company day on date `day`, or None."""
    return db.session.scalars(select(CalendarDay).where(CalendarDay.day == day)).first()
