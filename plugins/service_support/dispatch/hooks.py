"""What the ticket dispatch feature adds through the module's hooks: the "Dispatch" block, following the task."""
from flask import render_template

from crm_platform.sdk import Markup, lazy_gettext as _l

from plugins.service_support.dispatch import results, service
from plugins.service_support.sections import TicketSection


def ticket_sections(ticket, user):
    """A "Dispatch" button with the skills the ticket's category needs, when the workspace has task dispatch on."""
    if not service.available() or ticket.status not in service.OPEN_STATUSES:
        return []
    html = render_template("service_support/dispatch/_section.html", ticket=ticket,
                           skills=service.needed_skills(ticket.category))
    return [TicketSection(_l("Dispatch"), Markup(html), order=70)]


def dispatch_task_changed(kind, record_id, task_id, status, assignee_id):
    """A ticket's task on the dispatch board moved: the assignee follows, the timeline tells (results.py)."""
    results.task_changed(kind, record_id, task_id, status, assignee_id)
