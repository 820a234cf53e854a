"""Satisfaction surveys: made when a ticket is resolved, found by their link's token, answered once.

Every resolved ticket whose contact has an email address gets one survey (the
first resolution; resolving again after a reopen asks nobody twice). The link's
token is made by the mail job and only its SHA-256 hash is stored; until then
the row holds the hash of a token nobody was given, so no link works.
"""
import hashlib
import secrets
from datetime import datetime, timedelta

from flask import abort
from sqlalchemy import select, update

from crm_platform.sdk import (
    Contact, db, enqueue_on_commit, is_enabled, keyset_page, unscoped, utcnow,
)

from plugins.service_support import events
from plugins.service_support.followups.scheduling import plan_after_low_score
from plugins.service_support.models import Survey, Ticket
from plugins.service_support.settings import NAME, settings
from plugins.service_support.tickets.visibility import ticket_criterion
from plugins.service_support.timeline import record_event

MAIL_JOB = "service_support_survey_mail"
LOW_SCORE_JOB = "service_support_low_score_mail"


def new_token():
    """An unguessable token for a survey link (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def token_hash(token):
    """The stored form of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def for_ticket(ticket_id):
    """The ticket's survey, or None."""
    return db.session.scalar(select(Survey).where(Survey.ticket_id == ticket_id)
                             .order_by(Survey.created_at, Survey.id).limit(1))


def create_for_resolution(ticket, at=None):
    """The survey of a just-resolved ticket, its mail job queued for the commit; None without contact email or twice.

    Not committed (it runs inside the resolving transaction).
    """
    if ticket.contact_id is None or for_ticket(ticket.id) is not None:
        return None
    email = db.session.scalar(select(Contact.email).where(Contact.id == ticket.contact_id))
    if not email:
        return None
    now = at or utcnow()
    survey = Survey(ticket_id=ticket.id, customer_id=ticket.customer_id, contact_id=ticket.contact_id, email=email,
                    token_hash=token_hash(new_token()),
                    expires_at=now + timedelta(days=settings()["survey_valid_days"]))
    db.session.add(survey)
    db.session.flush()
    enqueue_on_commit(MAIL_JOB, None, {"survey_id": survey.id})
    return survey


def issue_link_token(survey, now):
    """A fresh token for `survey` (its hash stored, the validity counted from `now`); the token. Not committed."""
    token = new_token()
    survey.token_hash = token_hash(token)
    survey.expires_at = now + timedelta(days=settings()["survey_valid_days"])
    return token


def token_tenant(token):
    """The workspace id of the survey whose link carries `token`, or None."""
    with unscoped("survey link: find the survey's workspace by its token", routine=True):
        return db.session.scalar(select(Survey.tenant_id).where(Survey.token_hash == token_hash(token)))


def public_tenant(token):
    """The workspace id of the survey whose link carries `token`; 404 for any other token."""
    tenant_id = token_tenant(token)
    if tenant_id is None:
        abort(404)
    return tenant_id


def public_survey(token):
    """In the survey's workspace scope: the survey with `token`, or 404 (also where the module is off)."""
    survey = db.session.scalar(select(Survey).where(Survey.token_hash == token_hash(token)))
    if survey is None or not is_enabled(NAME):
        abort(404)
    return survey


def state(survey, now=None):
    """"answered", "expired" or "open"."""
    if survey.answered_at is not None:
        return "answered"
    if survey.expires_at <= (now or utcnow()):
        return "expired"
    return "open"


def answer(survey, score, comment=None, now=None):
    """Record the contact's score (1-5) and comment once; True, or False when it was already answered. Committed.

    On the ticket's timeline; `survey_answered` is sent; a score at or below the
    `low_score` setting gives the ticket's owner a return visit for the next
    working day and mails the managers of the owner's unit.
    """
    now = now or utcnow()
    # Only the first answer counts, also when two posts race: the update is conditional.
    taken = db.session.execute(
        update(Survey).where(Survey.id == survey.id, Survey.answered_at.is_(None))
        .values(score=score, comment=comment or None, answered_at=now),
        execution_options={"synchronize_session": False}).rowcount
    if not taken:
        db.session.rollback()
        return False
    db.session.refresh(survey)
    ticket = db.session.scalar(select(Ticket).where(Ticket.id == survey.ticket_id))
    record_event(ticket, "survey_answered", at=now, survey_id=survey.id, score=score)
    events.survey_answered.send(survey, at=now)
    if score <= settings()["low_score"]:
        follow_up = plan_after_low_score(ticket, at=now)
        if follow_up is not None:
            enqueue_on_commit(LOW_SCORE_JOB, None, {"survey_id": survey.id, "follow_up_id": follow_up.id})
    db.session.commit()
    return True


def move_to_customer(kept_id, merged_id):
    """Give a merged duplicate's surveys to the customer kept (in the merge's transaction, not committed)."""
    db.session.execute(update(Survey).where(Survey.customer_id == merged_id).values(customer_id=kept_id),
                       execution_options={"synchronize_session": False})


def survey_criterion(user):
    """The WHERE clause of the surveys `user` may see: those of the tickets they may see."""
    return Survey.ticket_id.in_(select(Ticket.id).where(ticket_criterion(user)))


def survey_or_404(user, survey_id):
    """The survey if `user` may see it; otherwise the same 404 as a missing id or another workspace's."""
    survey = db.session.scalar(select(Survey).where(Survey.id == survey_id, survey_criterion(user)))
    if survey is None:
        abort(404)
    return survey


def survey_page(user, args):
    """A cursor page of the surveys `user` may see, newest first, filtered by `args`; (items, next_cursor)."""
    stmt = select(Survey).where(survey_criterion(user))
    for key in ("ticket_id", "customer_id"):
        if args.get(key) is not None:
            stmt = stmt.where(getattr(Survey, key) == args[key])
    if args.get("answered") is not None:
        stmt = stmt.where(Survey.answered_at.is_not(None) if args["answered"] else Survey.answered_at.is_(None))
    if args.get("max_score") is not None:
        stmt = stmt.where(Survey.score <= args["max_score"])
    return keyset_page(stmt, [Survey.created_at, Survey.id], True, args.get("cursor"), args["limit"],
                       types=[datetime, int])
