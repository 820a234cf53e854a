"""Dispatching a ticket: ask the task dispatch module who should take it, and give it to them.

The request is the one task dispatch declares, `task_dispatch_request` (the plugin guide in docs/,
"Task dispatch request"), asked with the SDK's `ask_plugins`: only the workspace's
enabled modules are asked, and the module is never named here (`can_ask`). Tickets ask with kind "ticket", the
ticket's id and subject, the customer's region, its customer, its resolution due
time and the skills its category needs (the `dispatch_skills` setting). The first
answer that is an active user of the workspace becomes the assignee. With the real
module the request also makes (or finds) the task on its dispatch board, linked back
to the ticket: it stays there when nobody suitable is free now, and a later
assignment comes back through `task_dispatch_task_changed` (results.py).
"""
from flask import abort
from sqlalchemy import select

from crm_platform.sdk import Customer, User, ask_plugins, can_ask, db, gettext as _, public_url, utcnow

from plugins.service_support.dispatch.results import asking
from plugins.service_support.dispatch.skills import SkillsError, parse_skills
from plugins.service_support.events import ticket_changed
from plugins.service_support.settings import settings
from plugins.service_support.tickets.visibility import ticket_or_404
from plugins.service_support.tickets.workflow import OPEN_STATUSES
from plugins.service_support.timeline import record_event

DISPATCH_HOOK = "task_dispatch_request"


class DispatchRefused(Exception):
    """The ticket cannot be dispatched now (nobody suitable, a finished ticket); the message says why."""


def available():
    """Whether an enabled module of the workspace answers the dispatch request (the button shows, the routes answer)."""
    return can_ask(DISPATCH_HOOK)


def needed_skills(category):
    """[{"skill", "level"}] the `dispatch_skills` setting asks for `category` ([] when none or unreadable)."""
    try:
        return parse_skills(settings()["dispatch_skills"]).get(category, [])
    except SkillsError:  # saved before the setting was validated: ask without skills rather than fail
        return []


def request_for(ticket):
    """The keyword arguments of the task dispatch request for `ticket`."""
    region = db.session.scalar(select(Customer.region).where(Customer.id == ticket.customer_id))
    return {"kind": "ticket", "record_id": ticket.id, "title": ticket.subject, "region": region,
            "customer_id": ticket.customer_id, "due": ticket.resolution_due_at,
            "skills": needed_skills(ticket.category),
            "url": public_url("service_tickets.detail", ticket_id=ticket.id)}


def _chosen(answers):
    """The first answer that is the id of an active user of the workspace, or None."""
    for answer in answers:
        if isinstance(answer, int) and not isinstance(answer, bool):
            user = db.session.scalar(select(User).where(User.id == answer, User.active.is_(True)))
            if user is not None:
                return user
    return None


def dispatch_ticket(actor, ticket_id):
    """Give the ticket to whom task dispatch chooses, on its timeline as "dispatched"; committed. (ticket, assignee).

    404 for a ticket `actor` may not see and when the workspace has task dispatch
    off; DispatchRefused for a resolved or closed ticket (nothing written), and
    when nobody suitable was found (the ticket unchanged; what the answering
    module wrote, such as a task waiting on its board, is kept).
    """
    ticket = ticket_or_404(actor, ticket_id)
    if not available():
        abort(404)
    if ticket.status not in OPEN_STATUSES:
        raise DispatchRefused(_("Only open tickets are dispatched."))
    old = ticket.assignee_id
    with asking(ticket.id) as request:
        chosen = _chosen(ask_plugins(DISPATCH_HOOK, **request_for(ticket)))
    if chosen is None:
        db.session.commit()  # the task the module made waits on its board; its assignment will come back as an event
        raise DispatchRefused(_("No one suitable was found."))
    now = utcnow()
    ticket.assignee_id = chosen.id
    detail = {"task_id": request["task_id"]} if request["task_id"] is not None else {}
    record_event(ticket, "dispatched", actor_id=actor.id, at=now, assignee_id=chosen.id, previous_assignee_id=old,
                 **detail)
    if old != chosen.id:
        ticket_changed.send(ticket, actor=actor, at=now, changes={"assignee_id": (old, chosen.id)})
    db.session.commit()
    return ticket, chosen
