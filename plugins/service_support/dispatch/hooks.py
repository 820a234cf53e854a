"""What the ticket dispatch feature adds through the module's hooks: the "Dispatch" block on the ticket page."""
from flask import render_template

from crm_platform.sdk import Markup, lazy_gettext as _l

from plugins.service_support.dispatch import service
from plugins.service_support.sections import TicketSection


def ticket_sections(ticket, user):
    """A "Dispatch" button with the skills the ticket's category needs, when the workspace has task dispatch on."""
    if not service.available() or ticket.status not in service.OPEN_STATUSES:
        return []
    html = render_template("service_support/dispatch/_section.html", ticket=ticket,
                           skills=service.needed_skills(ticket.category))
    return [TicketSection(_l("Dispatch"), Markup(html), order=70)]
