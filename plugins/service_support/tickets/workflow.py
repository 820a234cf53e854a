"""The ticket's status workflow: which moves are allowed, reopening within the window, and what each move sets.

new -> open -> pending (waiting on the customer) -> open ...; new, open or
pending -> resolved -> closed; resolved or closed -> open again (a reopen) only
within the workspace's `reopen_days` of `resolved_at`. A new ticket may also be
set pending straight away (the first answer asked the customer something).
"""
from datetime import timedelta

from werkzeug.exceptions import Conflict

from crm_platform.sdk import db, gettext as _, utcnow

from plugins.service_support import events
from plugins.service_support.settings import settings
from plugins.service_support.tickets.labels import STATUS_LABELS
from plugins.service_support.timeline import record_event

TRANSITIONS = {
    "new": {"open", "pending", "resolved", "closed"},
    "open": {"pending", "resolved", "closed"},
    "pending": {"open", "resolved", "closed"},
    "resolved": {"open", "closed"},
    "closed": {"open"},
}
"""The statuses each status may move to (resolved/closed -> open is a reopen, within the window)."""
OPEN_STATUSES = ("new", "open", "pending")


def is_reopen(old, new):
    """True when moving from `old` to `new` reopens a resolved or closed ticket."""
    return old in ("resolved", "closed") and new == "open"


def is_settling(old, new):
    """True when moving from `old` to `new` resolves the ticket: resolved, or closed straight from an open status."""
    return new in ("resolved", "closed") and old not in ("resolved", "closed")


def reopen_deadline(ticket):
    """Until when the ticket may be reopened (None: it was never resolved, or reopening is off)."""
    days = settings()["reopen_days"]
    if ticket.resolved_at is None or days == 0:
        return None
    return ticket.resolved_at + timedelta(days=days)


def may_reopen(ticket, now=None):
    """True when the resolved or closed `ticket` is still within the reopening window."""
    deadline = reopen_deadline(ticket)
    return deadline is not None and (now or utcnow()) <= deadline


def allowed_moves(ticket, now=None):
    """The statuses `ticket` may move to now, in workflow order (reopen only inside the window)."""
    moves = TRANSITIONS[ticket.status]
    return [status for status in STATUS_LABELS if status in moves
            and (not is_reopen(ticket.status, status) or may_reopen(ticket, now))]


def refusal(ticket, status, now=None):
    """Why `ticket` may not move to `status` now (a message), or None when it may."""
    if status not in STATUS_LABELS:
        return _("Unknown status.")
    if status == ticket.status:
        return _("The ticket is already %(status)s.", status=STATUS_LABELS[status])
    if status not in TRANSITIONS[ticket.status]:
        return _("A ticket that is %(old)s cannot become %(new)s.", old=STATUS_LABELS[ticket.status],
                 new=STATUS_LABELS[status])
    if is_reopen(ticket.status, status) and not may_reopen(ticket, now):
        days = settings()["reopen_days"]
        if days == 0:
            return _("This workspace does not reopen tickets; open a new one.")
        return _("The ticket was resolved more than %(days)s days ago and can no longer be reopened; open a new "
                 "one.", days=days)
    return None


def change_status(actor, ticket, status, now=None):
    """Move `ticket` to `status` as `actor` (409 with the reason when refused); timeline and signal. Committed."""
    problem = refusal(ticket, status, now)
    if problem is not None:
        raise Conflict(problem)
    move_status(actor, ticket, status, now)
    db.session.commit()
    return ticket


def move_status(actor, ticket, status, now=None):
    """Set the status and its dates, record the move and send `ticket_status_changed` (checked already; no commit)."""
    now = now or utcnow()
    old, previous_resolved_at = ticket.status, ticket.resolved_at
    ticket.status = status
    if is_reopen(old, status):
        # Open again: the earlier resolution no longer stands (the window counts from the next one).
        ticket.reopen_count += 1
        ticket.resolved_at = ticket.closed_at = None
    if status == "resolved":
        ticket.resolved_at = now
    elif status == "closed":
        ticket.closed_at = now
        if ticket.resolved_at is None:  # closed without a resolution first: it is settled now all the same
            ticket.resolved_at = now
    kind = "reopened" if is_reopen(old, status) else "status_changed"
    actor_id = actor.id if actor is not None else None
    record_event(ticket, kind, actor_id=actor_id, at=now, old=old, new=status)
    events.ticket_status_changed.send(ticket, actor=actor, at=now, old=old, new=status,
                                      previous_resolved_at=previous_resolved_at)
