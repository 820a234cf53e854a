"""The business-time arithmetic of a ticket's clocks: its pauses, its due times, the minutes it took.

Every count is in business minutes on the workspace calendar (docs/calendar.md),
from the ticket's `created_at`, less the stretches it was paused (TicketPause rows:
waiting on the customer, and the time it spent resolved before a reopening).
"""
from sqlalchemy import select

from crm_platform.sdk import HolidayDataMissing, NoWorkingTime, db

from plugins.service_support.models import SlaPolicy, TicketPause

TARGETS = ("first_response", "resolution")
"""The two clocks of a ticket; each has `<target>_due_at`, `_alert_at`, `_warned_at`, `_breached_at` columns."""

UNCOUNTABLE = (HolidayDataMissing, NoWorkingTime)
"""What the calendar raises when it cannot count a time: the ticket then has no due time, and says why."""


def pauses(ticket, until):
    """[(start, end)] of the ticket's pauses, oldest first; one still running ends at `until`."""
    rows = db.session.execute(select(TicketPause.started_at, TicketPause.ended_at)
                              .where(TicketPause.ticket_id == ticket.id)
                              .order_by(TicketPause.started_at, TicketPause.id)).all()
    return [(start, end or max(start, until)) for start, end in rows]


def due_after(calendar, start, minutes, paused):
    """The instant `minutes` business minutes after `start` when the (start, end) `paused` stretches do not count."""
    t, left = start, minutes
    for pause_start, pause_end in sorted(paused):
        if pause_end <= t:
            continue
        if pause_start > t:
            candidate = calendar.add_business_minutes(t, left)
            if candidate <= pause_start:
                return candidate
            left -= calendar.business_minutes_between(t, pause_start)
        t = max(t, pause_end)
    return calendar.add_business_minutes(t, max(left, 0))


def minutes_taken(calendar, ticket, until):
    """Whole business minutes from the ticket's creation to `until`, pauses left out (None: not countable)."""
    try:
        return round(calendar.business_minutes_between(ticket.created_at, until, paused=pauses(ticket, until)))
    except UNCOUNTABLE:
        return None


def target_minutes(policy, target):
    """The policy's target for `target` in business minutes."""
    return policy.first_response_minutes if target == "first_response" else policy.resolution_minutes


def warning_minutes(policy, target):
    """Business minutes from the start to the warning, or None when the warning would come at once (none given).

    A warning as long as the target or longer has no moment of its own: the
    assignee is then told at the breach only.
    """
    total, before = target_minutes(policy, target), policy.warn_before_minutes
    return total - before if 0 < before < total else None


def ticket_policy(ticket):
    """The policy the ticket's clocks were set by (None: none matched, or it was deleted since)."""
    if ticket.sla_policy_id is None:
        return None
    return db.session.scalar(select(SlaPolicy).where(SlaPolicy.id == ticket.sla_policy_id))


def outstanding(ticket, target):
    """Whether `target` is still to be met: no public reply yet, or not resolved."""
    if ticket.status in ("resolved", "closed"):
        return False
    return ticket.first_response_at is None if target == "first_response" else True


def clear(ticket, target):
    """No due time and nothing for the scan on `target` (met, paused or resolved)."""
    setattr(ticket, f"{target}_due_at", None)
    setattr(ticket, f"{target}_alert_at", None)
