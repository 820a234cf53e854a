"""What the tickets feature adds through the module's hooks: the menu, the customer panel, merges, jobs, files,
the dashboard's "My tickets"."""
from flask import render_template
from sqlalchemy import select

from crm_platform.sdk import DashboardWidget, JobKind, Markup, MenuItem, Panel, Schedule, lazy_gettext as _l

from plugins.service_support.models import Ticket, TicketAttachment
from plugins.service_support.tickets import closing, service
from plugins.service_support.tickets.mail import REPLY_MAIL

WIDGET_ROWS = 8
"""At most this many tickets in the dashboard widget; its link leads to the rest."""


def menu_items(user):
    """"Tickets" in the main menu."""
    return [MenuItem(_l("Tickets"), "service_tickets.index")]


def customer_panels(customer, user):
    """The customer's tickets the user may see, open ones first, with a "New ticket" link for the customer."""
    tickets = service.customer_tickets(user, customer.id)
    html = render_template("service_support/tickets/_panel.html", tickets=tickets, customer=customer)
    return [Panel(_l("Tickets"), Markup(html))]


def customers_merged(kept, merged_id):
    """The duplicate's tickets go to the customer kept."""
    service.move_to_customer(kept.id, merged_id)


def job_kinds():
    """The reply mail to a ticket's contact, and closing resolved tickets (safe to run twice)."""
    return [REPLY_MAIL, JobKind(closing.KIND, closing.close_resolved, _l("Close resolved tickets"), timeout=900,
                                idempotent=True)]


def schedules():
    """Closing resolved tickets once a day (06:00 local) in every workspace that enabled the module."""
    return [Schedule(closing.SCHEDULE, closing.KIND)]


def customer_stored_files(customer_ids):
    """The stored files of the tickets of these customers, which go with them by cascade when they are deleted."""
    return [select(TicketAttachment.stored_name).join(Ticket, Ticket.id == TicketAttachment.ticket_id)
            .where(Ticket.customer_id.in_(customer_ids))]


def dashboard_widgets(user):
    """"My tickets" on the home dashboard: the user's open tickets, breached or nearest their SLA first."""
    def render():
        rows, total = service.my_open_tickets(user, WIDGET_ROWS)
        return Markup(render_template("service_support/tickets/_widget.html", rows=rows, total=total))
    return [DashboardWidget("service.tickets", _l("My tickets"), render,
                            description=_l("Open tickets assigned to you, those past or nearest their SLA first."))]
