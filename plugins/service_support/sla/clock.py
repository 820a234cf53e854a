"""The SLA clocks: what the tickets feature's signals do to a ticket's due times, and each clock's state.

The receivers run inside the request's transaction (no commit here). Rules
(docs/service.md, "SLA"):
- created, or priority/category changed: the matching policy applies; each target
  not yet met is due its target's business minutes after `created_at`, pauses so far
  left out (a change of policy recounts from the start, not from the change);
- pending: a pause starts (a TicketPause row, `paused_at`), due times are cleared;
- leaving pending: the pause ends, and the due times come back pushed by the pause,
  so what was left is still left;
- resolved (or closed): the resolution's business minutes and resolver are kept,
  due times cleared; reopened: the time spent resolved counts as a pause, so the
  resolution clock resumes with what was left when it was resolved;
- first public reply: first response time and responder kept, its due time cleared.
A time the calendar cannot count (no holiday data for its year) leaves the target
without a due time and says so on the timeline and the ticket page; never a guess.
"""
from sqlalchemy import select

from crm_platform.sdk import db, gettext as _, lazy_gettext as _l, utcnow, workspace_calendar

from plugins.service_support import events
from plugins.service_support.models import TicketPause
from plugins.service_support.sla import timing
from plugins.service_support.sla.policies import matching_policy
from plugins.service_support.timeline import record_event

TARGET_LABELS = {"first_response": _l("First response"), "resolution": _l("Resolution")}
CLOSED = ("resolved", "closed")


def schedule(ticket, at, calendar=None, policy=None):
    """Set the due and alert instants of every outstanding target from the ticket's policy (none while paused)."""
    calendar = calendar or workspace_calendar()
    policy = policy or timing.ticket_policy(ticket)
    for target in timing.TARGETS:
        timing.clear(ticket, target)
        if policy is None or ticket.paused_at is not None or not timing.outstanding(ticket, target):
            continue
        paused = timing.pauses(ticket, at)
        try:
            due = timing.due_after(calendar, ticket.created_at, timing.target_minutes(policy, target), paused)
            warn = timing.warning_minutes(policy, target)
            warn_at = timing.due_after(calendar, ticket.created_at, warn, paused) if warn is not None else due
        except timing.UNCOUNTABLE as err:
            record_event(ticket, "sla_not_counted", at=at, target=target, reason=str(err),
                         year=getattr(err, "year", None))
            continue
        setattr(ticket, f"{target}_due_at", due)
        if getattr(ticket, f"{target}_breached_at") is None:
            warned = getattr(ticket, f"{target}_warned_at") is not None
            setattr(ticket, f"{target}_alert_at", due if warned else warn_at)


def apply_policy(ticket, at, actor_id=None):
    """Give the ticket the policy matching its priority and category now, and count its due times from the start."""
    policy = matching_policy(ticket.priority, ticket.category)
    if (policy.id if policy else None) != ticket.sla_policy_id:
        record_event(ticket, "sla_policy", actor_id=actor_id, at=at, policy_id=policy.id if policy else None,
                     name=policy.name if policy else None)
    ticket.sla_policy_id = policy.id if policy else None
    schedule(ticket, at, policy=policy)


def _actor_id(actor):
    return getattr(actor, "id", None)


def on_created(ticket, actor=None, at=None, **_kwargs):
    """A new ticket: its policy and due times."""
    apply_policy(ticket, at or utcnow(), _actor_id(actor))


def on_changed(ticket, actor=None, at=None, changes=None, **_kwargs):
    """A new priority or category may mean another policy: recount the due times from the start."""
    if {"priority", "category"} & set(changes or {}) and ticket.status not in CLOSED:
        apply_policy(ticket, at or utcnow(), _actor_id(actor))


def _end_pause(ticket, at):
    """Close the running pause at `at`."""
    for pause in db.session.scalars(select(TicketPause).where(TicketPause.ticket_id == ticket.id,
                                                              TicketPause.ended_at.is_(None))):
        pause.ended_at = max(at, pause.started_at)
    ticket.paused_at = None


def on_status_changed(ticket, actor=None, at=None, old=None, new=None, previous_resolved_at=None, **_kwargs):
    """Pause on pending, resume after it, keep the resolution on resolving, resume the clock on reopening."""
    at = at or utcnow()
    if old == "pending" and new != "pending":
        _end_pause(ticket, at)
    if new == "pending" and old != "pending":
        db.session.add(TicketPause(ticket_id=ticket.id, started_at=at))
        ticket.paused_at = at
        for target in timing.TARGETS:
            timing.clear(ticket, target)
    elif new in CLOSED and old not in CLOSED:
        _resolve(ticket, actor, ticket.resolved_at or at)
    elif old in CLOSED and new not in CLOSED:
        # The time it spent resolved is a pause: the resolution clock resumes with what was left. The workflow
        # has cleared resolved_at by now, so the signal says when the resolution was made.
        resolved_at = previous_resolved_at or ticket.resolved_at or at
        db.session.add(TicketPause(ticket_id=ticket.id, started_at=min(resolved_at, at), ended_at=at))
        db.session.flush()
        ticket.resolution_minutes = ticket.resolver_id = None
        schedule(ticket, at)
    elif old == "pending":
        schedule(ticket, at)


def _resolve(ticket, actor, resolved_at):
    """Keep the resolution's business minutes and who resolved it; nothing is due any more."""
    db.session.flush()
    ticket.resolution_minutes = timing.minutes_taken(workspace_calendar(), ticket, resolved_at)
    ticket.resolver_id = _actor_id(actor)
    for target in timing.TARGETS:
        timing.clear(ticket, target)


def on_replied(ticket, actor=None, at=None, message=None, **_kwargs):
    """The first public reply is the first response: when, by whom, how long it took; nothing more due for it."""
    if ticket.first_response_at is not None or (message is not None and message.kind != "reply"):
        return
    at = at or utcnow()
    db.session.flush()
    ticket.first_response_at = at
    ticket.first_responder_id = _actor_id(actor)
    ticket.first_response_minutes = timing.minutes_taken(workspace_calendar(), ticket, at)
    timing.clear(ticket, "first_response")


events.ticket_created.connect(on_created)
events.ticket_changed.connect(on_changed)
events.ticket_status_changed.connect(on_status_changed)
events.ticket_replied.connect(on_replied)


def _left(calendar, ticket, policy, target, due, now):
    """Business minutes left before `due` at `now` (negative when over); for a paused clock, what was left."""
    if due is not None:
        if now <= due:
            return round(calendar.business_minutes_between(now, due))
        return -round(calendar.business_minutes_between(due, now))
    if ticket.paused_at is not None and policy is not None:
        used = calendar.business_minutes_between(ticket.created_at, ticket.paused_at,
                                                 paused=timing.pauses(ticket, ticket.paused_at))
        return round(timing.target_minutes(policy, target) - used)
    return None


def _taken(ticket, target):
    """The business minutes a met target took (None: not met, or not countable)."""
    return ticket.first_response_minutes if target == "first_response" else ticket.resolution_minutes


def _state(ticket, policy, target, due, now):
    """met, breached, paused, running, or unknown (no due time could be counted)."""
    if getattr(ticket, f"{target}_breached_at") is not None:
        return "breached"
    if not timing.outstanding(ticket, target):
        taken = _taken(ticket, target)
        late = policy is not None and taken is not None and taken > timing.target_minutes(policy, target)
        return "breached" if late else "met"
    if ticket.paused_at is not None:
        return "paused"
    if due is None:
        return "unknown"
    return "breached" if now >= due else "running"


def uncountable_note(err):
    """Why the calendar could not count a clock (`err` from timing.UNCOUNTABLE), in the reader's language."""
    year = getattr(err, "year", None)
    if year is not None:
        return _("The workspace calendar has no official holiday data for %(year)s yet, so the time left cannot be "
                 "counted.", year=year)
    return _("The workspace calendar has no working hours, so the time left cannot be counted.")


def clocks(ticket, now=None, calendar=None):
    """Each target's clock at `now`: [{target, label, due_at, minutes_left, state, warned, taken_minutes, note}].

    `state` is met, breached, paused, running or unknown; `minutes_left` is in
    business minutes, negative once over, None when met or not countable; `note`
    says why a clock has no due time. No policy: no clocks ([]).
    """
    policy = timing.ticket_policy(ticket)
    if ticket.sla_policy_id is None:
        return []
    now, calendar = now or utcnow(), calendar or workspace_calendar()
    result = []
    for target in timing.TARGETS:
        due = getattr(ticket, f"{target}_due_at")
        state = _state(ticket, policy, target, due, now)
        left, note = None, None
        if state in ("running", "paused", "breached") and timing.outstanding(ticket, target):
            try:
                left = _left(calendar, ticket, policy, target, due, now)
            except timing.UNCOUNTABLE as err:
                note = uncountable_note(err)
        if state == "unknown":
            note = _("The workspace calendar cannot count this due time (no holiday data for its year, or no "
                     "working hours), so the ticket has none; see its timeline.")
        result.append({"target": target, "label": str(TARGET_LABELS[target]), "due_at": due, "minutes_left": left,
                       "state": state, "warned": getattr(ticket, f"{target}_warned_at") is not None,
                       "breached_at": getattr(ticket, f"{target}_breached_at"), "taken_minutes": _taken(ticket, target),
                       "note": note})
    return result
