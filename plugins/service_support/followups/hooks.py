"""What the return visits feature adds: the resolved-complaint receiver, the menu, panels, Today, merges, the ticket."""
from flask import render_template

from crm_platform.sdk import MenuItem, Markup, Panel, TodaySection, lazy_gettext as _l, workspace_today

from plugins.service_support import events
from plugins.service_support.followups import scheduling, service
from plugins.service_support.sections import TicketSection
from plugins.service_support.tickets.workflow import is_settling


@events.ticket_status_changed.connect
def complaint_resolved(ticket, actor=None, at=None, old=None, new=None, **kwargs):
    """A complaint was resolved (or closed without a resolution first): its owner gets a return visit (one open one)."""
    if is_settling(old, new) and ticket.category == "complaint":
        scheduling.plan_after_resolution(ticket, actor_id=getattr(actor, "id", None), at=at)


def menu_items(user):
    """"My return visits" in the main menu."""
    return [MenuItem(_l("My return visits"), "service_followups.index")]


def customer_panels(customer, user):
    """The customer's return visits that the user may see, open ones first."""
    follow_ups = service.for_customer(user, customer.id)
    html = render_template("service_support/followups/_panel.html", follow_ups=follow_ups, today=workspace_today(),
                           owners=service.names(f.owner_id for f in follow_ups),
                           tickets=service.ticket_numbers(f.ticket_id for f in follow_ups))
    return [Panel(_l("Return visits"), Markup(html))]


def today_sections(user, today):
    """The user's open return visits due today or late (the late ones counted); nothing when there are none."""
    follow_ups = service.due_for(user, today)
    if not follow_ups:
        return []
    html = render_template("service_support/followups/_today.html", follow_ups=follow_ups, today=today,
                           **service.listing(follow_ups))
    late = sum(1 for follow_up in follow_ups if follow_up.due_date < today)
    return [TodaySection(_l("Return visits"), Markup(html), overdue=late)]


def customers_merged(kept, merged_id):
    """The duplicate's return visits go to the customer kept."""
    service.move_to_customer(kept.id, merged_id)


def ticket_sections(ticket, user):
    """The ticket's return visits and their outcomes, on the ticket page (shown to whoever may see the ticket)."""
    follow_ups = service.for_ticket(ticket.id)
    if not follow_ups and ticket.category != "complaint":
        return []
    html = render_template("service_support/followups/_ticket.html", follow_ups=follow_ups, today=workspace_today(),
                           owners=service.names(f.owner_id for f in follow_ups))
    return [TicketSection(_l("Return visit"), Markup(html), order=60)]
