"""What the SLA feature adds through the module's hooks: the settings menu, the scan's jobs, the ticket page, Today."""
from flask import render_template
from sqlalchemy import and_, or_, select

from crm_platform.sdk import (
    JobKind, Markup, MenuItem, Schedule, TodaySection, db, gettext as _, lazy_gettext as _l, utcnow,
    workspace_calendar,
)

from plugins.service_support.models import Ticket
from plugins.service_support.permissions import CONFIGURE
from plugins.service_support.sections import TicketSection
from plugins.service_support.sla import clock, notices, scan  # noqa: F401  (clock: its receivers connect on import)
from plugins.service_support.tickets.workflow import OPEN_STATUSES

TODAY_LIMIT = 50


def menu_items(user):
    """"SLA policies" in the main menu, for who may configure them."""
    return [MenuItem(_l("SLA policies"), "service_sla.index", permission=CONFIGURE)]


def job_kinds():
    """The SLA scan (safe to run twice: it moves each alert on) and its mail (not: it would mail twice)."""
    return [JobKind(scan.KIND, scan.run_scan, _l("SLA scan"), timeout=900, idempotent=True),
            JobKind(scan.NOTICE_KIND, notices.send_notices, _l("SLA notices"), timeout=900)]


def schedules():
    """The SLA scan every five minutes in every workspace that enabled the module."""
    return [Schedule("service_support_sla_scan", scan.KIND, every=scan.EVERY)]


def ticket_sections(ticket, user):
    """The ticket's SLA clocks: due times, business time left, met, breached or paused."""
    html = render_template("service_support/sla/_section.html", clocks=clock.clocks(ticket, utcnow()))
    return [TicketSection(_("SLA"), Markup(html), order=10)]


def today_sections(user, today):
    """The user's tickets whose SLA warning has come or that are breached, breached counted as overdue."""
    response = or_(Ticket.first_response_warned_at.is_not(None), Ticket.first_response_breached_at.is_not(None))
    flagged = or_(and_(Ticket.first_response_at.is_(None), response),
                  Ticket.resolution_warned_at.is_not(None), Ticket.resolution_breached_at.is_not(None))
    tickets = db.session.scalars(select(Ticket).where(Ticket.assignee_id == user.id,
                                                      Ticket.status.in_(OPEN_STATUSES), flagged)
                                 .order_by(Ticket.created_at, Ticket.id).limit(TODAY_LIMIT)).all()
    if not tickets:
        return []
    calendar, now = workspace_calendar(), utcnow()
    rows = [{"ticket": ticket, "clocks": clock.clocks(ticket, now, calendar)} for ticket in tickets]
    breached = sum(1 for row in rows if any(c["state"] == "breached" for c in row["clocks"]))
    html = render_template("service_support/sla/_today.html", rows=rows)
    return [TodaySection(_l("Tickets near or past their SLA"), Markup(html), overdue=breached)]
