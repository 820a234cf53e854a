"""What the surveys feature adds: the resolved-ticket receiver, its mail jobs, merges and the ticket page section."""
from flask import render_template

from crm_platform.sdk import JobKind, Markup, lazy_gettext as _l

from plugins.service_support import events
from plugins.service_support.sections import TicketSection
from plugins.service_support.surveys import mail, service
from plugins.service_support.tickets.workflow import is_settling


@events.ticket_status_changed.connect
def ticket_resolved(ticket, actor=None, at=None, old=None, new=None, **kwargs):
    """A ticket was resolved (or closed without a resolution first): its contact gets a survey by email (once)."""
    if is_settling(old, new):
        service.create_for_resolution(ticket, at=at)


def job_kinds():
    """The survey mail to the contact, and the low-score mail to the managers; neither is run twice.

    A run whose worker died after sending but before `sent_at` committed would, run
    again, mail a second link and kill the first (each run issues a new token), so
    the recovery marks it failed instead; the jobs list shows it to the admin.
    """
    return [JobKind(service.MAIL_JOB, mail.send_survey, _l("Satisfaction survey mail"), timeout=300,
                    idempotent=False),
            JobKind(service.LOW_SCORE_JOB, mail.notify_low_score, _l("Low satisfaction score mail"), timeout=300)]


def customers_merged(kept, merged_id):
    """The duplicate's surveys go to the customer kept."""
    service.move_to_customer(kept.id, merged_id)


def ticket_sections(ticket, user):
    """The ticket's satisfaction survey (sent, answered with its score, or expired), once the ticket is resolved."""
    survey = service.for_ticket(ticket.id)
    if survey is None and ticket.status not in ("resolved", "closed"):
        return []
    html = render_template("service_support/surveys/_ticket.html", survey=survey,
                           state=service.state(survey) if survey is not None else None)
    return [TicketSection(_l("Satisfaction survey"), Markup(html), order=70)]
