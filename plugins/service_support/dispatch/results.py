"""What comes back from task dispatch: the task made for a ticket moved, and the ticket follows.

The task dispatch module announces each move of a task it made for another module's
record with `task_dispatch_task_changed` (the plugin guide in docs/, "Task dispatch"). For a
ticket: an assignment to an active user of the workspace becomes the ticket's
assignee while the ticket is open (timeline "dispatch_assigned", the `ticket_changed`
signal); the work starting, finished or cancelled is put on the timeline. The
ticket's status stays the agent's to move. Nothing is committed here: the task
dispatch module sends the event inside its own transaction.
"""
from contextlib import contextmanager
from contextvars import ContextVar

from flask import has_request_context
from sqlalchemy import select

from crm_platform.sdk import User, current_user, db, utcnow

from plugins.service_support.events import ticket_changed
from plugins.service_support.models import Ticket, TicketEvent
from plugins.service_support.tickets.workflow import OPEN_STATUSES
from plugins.service_support.timeline import record_event

KIND = "ticket"
"""The `kind` tickets are asked for with, and the only one this module follows."""
ENDINGS = {"in_progress": "dispatch_started", "done": "dispatch_done", "cancelled": "dispatch_cancelled"}
"""The timeline event of each task status that only informs the agent."""

_asking = ContextVar("service_dispatch_asking", default=None)
"""The request in flight ({"ticket_id", "task_id"}), while `dispatch_ticket` asks who takes a ticket."""


@contextmanager
def asking(ticket_id):
    """While a dispatch of `ticket_id` is asked: its task's assignment is left to the asker, who records it once."""
    request = {"ticket_id": ticket_id, "task_id": None}
    token = _asking.set(request)
    try:
        yield request
    finally:
        _asking.reset(token)


def _actor():
    """The signed-in user who moved the task, or None (a job, a batch run, no request)."""
    if not has_request_context() or not current_user.is_authenticated:
        return None
    return current_user._get_current_object()


def _active_user(user_id):
    """The active user `user_id` of the current workspace, or None (another workspace's, inactive, not an id)."""
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        return None
    return db.session.scalar(select(User).where(User.id == user_id, User.active.is_(True)))


def _follow_assignment(ticket, task_id, assignee_id):
    """The ticket's assignee becomes the task's, when that is a change to an active user and the ticket is open."""
    request = _asking.get()
    if request is not None and request["ticket_id"] == ticket.id:
        request["task_id"] = task_id  # the asker sets the assignee and records "dispatched" with this task
        return
    user = _active_user(assignee_id)
    if user is None or ticket.status not in OPEN_STATUSES or ticket.assignee_id == user.id:
        return
    actor, now = _actor(), utcnow()
    old, ticket.assignee_id = ticket.assignee_id, user.id
    record_event(ticket, "dispatch_assigned", actor_id=getattr(actor, "id", None), at=now, task_id=task_id,
                 assignee_id=user.id, previous_assignee_id=old, name=user.name)
    ticket_changed.send(ticket, actor=actor, at=now, changes={"assignee_id": (old, user.id)})


def _note_progress(ticket, task_id, kind):
    """Put the task's start, end or cancellation on the timeline once."""
    told = db.session.scalars(select(TicketEvent.detail).where(TicketEvent.ticket_id == ticket.id,
                                                               TicketEvent.kind == kind)).all()
    if any((detail or {}).get("task_id") == task_id for detail in told):
        return
    record_event(ticket, kind, actor_id=getattr(_actor(), "id", None), task_id=task_id)


def task_changed(kind, record_id, task_id, status, assignee_id):
    """Follow a ticket's dispatch task: assignee on assignment, timeline on start, end and cancellation."""
    if kind != KIND or not isinstance(record_id, int):
        return
    ticket = db.session.scalar(select(Ticket).where(Ticket.id == record_id))
    if ticket is None:
        return
    if status == "assigned":
        _follow_assignment(ticket, task_id, assignee_id)
    elif status in ENDINGS:
        _note_progress(ticket, task_id, ENDINGS[status])
