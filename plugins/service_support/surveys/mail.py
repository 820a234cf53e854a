"""The surveys' mail jobs: the survey link to the contact, and a low score to the owner's managers.

Both run as the workspace (no user). The survey job makes the link's token
itself, so the token never sits in the jobs table, and commits its hash before
sending: a mail that went out always carries a link that works.
"""
from flask import render_template
from sqlalchemy import select

from crm_platform.sdk import (
    Customer, Tenant, User, current_tenant_id, db, force_locale, gettext as _, public_url, reader_locale, send_email,
    utcnow, workspace_today,
)

from plugins.service_support.managers import nearest_managers
from plugins.service_support.models import FollowUp, Survey, Ticket
from plugins.service_support.surveys import service
from plugins.service_support.timeline import record_event


def workspace_name():
    """The name of the workspace in scope, for the mails' wording."""
    return db.session.scalar(select(Tenant.name).where(Tenant.id == current_tenant_id()))


def send_survey(ctx):
    """Mail the survey link to the ticket's contact, in the workspace's language (once: a sent survey is skipped)."""
    survey = db.session.scalar(select(Survey).where(Survey.id == ctx.params["survey_id"]))
    if survey is None or survey.sent_at is not None or survey.answered_at is not None:
        return {"sent": 0}
    ticket = db.session.scalar(select(Ticket).where(Ticket.id == survey.ticket_id))
    token = service.issue_link_token(survey, utcnow())
    ctx.progress(0, 1)  # commits the hash: the link in the mail works from the moment it is sent
    link = public_url("service_surveys_public.answer", token=token)
    with force_locale(reader_locale()):
        subject = _("How did we do? Ticket %(number)s", number=ticket.number)
        body = render_template("service_support/surveys/mail_survey.txt", ticket=ticket, link=link,
                               workspace=workspace_name(),
                               expires_on=workspace_today(survey.expires_at))
    send_email(survey.email, subject, body)
    now = utcnow()
    survey.sent_at = now
    record_event(ticket, "survey_sent", at=now, survey_id=survey.id, email=survey.email)
    return {"sent": 1}


def notify_low_score(ctx):
    """Mail the managers of the return visit owner's unit that a customer gave a low score; the count mailed."""
    survey = db.session.scalar(select(Survey).where(Survey.id == ctx.params["survey_id"]))
    follow_up = db.session.scalar(select(FollowUp).where(FollowUp.id == ctx.params["follow_up_id"]))
    if survey is None or follow_up is None:
        return {"mailed": 0}
    ticket = db.session.scalar(select(Ticket).where(Ticket.id == survey.ticket_id))
    customer = db.session.scalar(select(Customer.name).where(Customer.id == survey.customer_id))
    owner = db.session.scalar(select(User.name).where(User.id == follow_up.owner_id))
    link = public_url("service_followups.detail", follow_up_id=follow_up.id)
    ticket_link = public_url("service_tickets.detail", ticket_id=ticket.id)
    mailed = 0
    owner_unit_id = db.session.scalar(select(User.org_unit_id).where(User.id == follow_up.owner_id))
    for manager in nearest_managers(owner_unit_id, exclude_id=follow_up.owner_id):
        with force_locale(reader_locale(manager)):
            subject = _("Low satisfaction score (%(score)s/5) on ticket %(number)s", score=survey.score,
                        number=ticket.number)
            body = render_template("service_support/surveys/mail_low_score.txt", manager=manager, survey=survey,
                                   ticket=ticket, customer=customer, owner=owner, follow_up=follow_up, link=link,
                                   ticket_link=ticket_link)
        mailed += send_email(manager.email, subject, body)
    return {"mailed": mailed}
