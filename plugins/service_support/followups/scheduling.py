"""Making return visits: whose they are, when they are due (a working day), and not twice for one complaint.

A resolved complaint gets one open return visit for the ticket's owner,
`follow_up_days` after the resolution's local date; a low survey score gets one
for the next working day. Due dates fall on working days of the workspace's
calendar (China's holidays and make-up days by default, docs/calendar.md).
"""
from datetime import timedelta

from sqlalchemy import select

from crm_platform.sdk import Customer, HolidayDataMissing, NoWorkingTime, db, workspace_calendar, workspace_today

from plugins.service_support.models import FollowUp
from plugins.service_support.settings import settings
from plugins.service_support.timeline import record_event

SEARCH_DAYS = 366
"""How far a due date may move to find a working day before the calendar is taken to have none."""


def ticket_owner_id(ticket, actor_id=None):
    """Who owns a ticket's return visit: its assignee, else its customer's owner, else `actor_id` (who resolved it)."""
    if ticket.assignee_id is not None:
        return ticket.assignee_id
    owner_id = db.session.scalar(select(Customer.owner_id).where(Customer.id == ticket.customer_id))
    return owner_id if owner_id is not None else actor_id


def working_day_from(day):
    """`day` when it is a working day of the workspace's calendar, else the next one.

    Where the holiday data does not cover the year (HolidayDataMissing), or the
    calendar has no working hours at all, the fallback is the next Monday to
    Friday: a return visit must get a date, and a weekday is the best guess
    that does not pretend to know the holidays (docs/service.md).
    """
    calendar = workspace_calendar()
    try:
        for offset in range(SEARCH_DAYS):
            candidate = day + timedelta(days=offset)
            if calendar.day_spans(candidate):
                return candidate
    except (HolidayDataMissing, NoWorkingTime):
        pass
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def open_follow_up(ticket_id, reason):
    """The ticket's open return visit made for `reason`, or None."""
    return db.session.scalar(select(FollowUp).where(FollowUp.ticket_id == ticket_id, FollowUp.reason == reason,
                                                    FollowUp.done_at.is_(None))
                             .order_by(FollowUp.created_at, FollowUp.id).limit(1))


def add_follow_up(ticket, reason, due_date, owner_id, actor_id=None, at=None):
    """An open call-back on `ticket` for `owner_id`, recorded on its timeline; not committed."""
    follow_up = FollowUp(ticket_id=ticket.id, customer_id=ticket.customer_id, owner_id=owner_id, kind="call",
                         reason=reason, due_date=due_date)
    db.session.add(follow_up)
    db.session.flush()
    record_event(ticket, "follow_up_planned", actor_id=actor_id, at=at, follow_up_id=follow_up.id,
                 owner_id=owner_id, due_date=due_date.isoformat(), reason=reason)
    return follow_up


def plan_after_resolution(ticket, actor_id=None, at=None):
    """The return visit of a resolved complaint (made, or moved to the new date if one is open); None: no owner.

    Resolving again after a reopen keeps the one open return visit, moved
    later to count from the new resolution; it never makes a second one.
    """
    resolved_on = workspace_today(ticket.resolved_at or at)
    due_date = working_day_from(resolved_on + timedelta(days=settings()["follow_up_days"]))
    existing = open_follow_up(ticket.id, "complaint_resolved")
    if existing is not None:
        if due_date > existing.due_date:
            existing.due_date = due_date
        return existing
    owner_id = ticket_owner_id(ticket, actor_id)
    if owner_id is None:
        return None
    return add_follow_up(ticket, "complaint_resolved", due_date, owner_id, actor_id=actor_id, at=at)


def plan_after_low_score(ticket, at=None):
    """A return visit for the next working day after a low survey score (unless one is open for it); not committed."""
    existing = open_follow_up(ticket.id, "low_score")
    if existing is not None:
        return existing
    owner_id = ticket_owner_id(ticket)
    if owner_id is None:
        return None
    due_date = working_day_from(workspace_today(at) + timedelta(days=1))
    return add_follow_up(ticket, "low_score", due_date, owner_id, at=at)
