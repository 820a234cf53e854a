"""The SLA mail: warnings, breaches and reassignments the scan decided, sent by a job of the module's own kind.

Each recipient gets the message in their language (else the workspace's), with
times in the workspace's time zone and a link to the ticket's page. Sending is not
safe to repeat (a second run would mail twice), so the kind is not idempotent: a
run whose worker died is marked failed. Each mail is sent on its own: one the
server refuses is logged and counted, and the others still go. The ticket is
checked again when the job runs: a notice whose ticket was resolved or closed,
whose target was met or whose assignee changed since the scan is skipped, and the
job's result says which and why.
"""
import logging

from sqlalchemy import select

from crm_platform.sdk import (
    User, db, force_locale, get_locale, gettext as _, public_url, send_email, workspace_timezone,
)

from plugins.service_support.models import Ticket

log = logging.getLogger(__name__)

SUBJECTS = {
    "warning": lambda ticket: _("SLA warning: %(number)s %(subject)s", number=ticket.number, subject=ticket.subject),
    "breach": lambda ticket: _("SLA breached: %(number)s %(subject)s", number=ticket.number, subject=ticket.subject),
    "reassigned": lambda ticket: _("Ticket %(number)s is now yours: %(subject)s", number=ticket.number,
                                   subject=ticket.subject),
}


def _line(kind, target, number, due):
    """The message's first sentence."""
    if kind == "warning" and target == "first_response":
        return _("Ticket %(number)s needs its first reply by %(due)s.", number=number, due=due)
    if kind == "warning":
        return _("Ticket %(number)s must be resolved by %(due)s.", number=number, due=due)
    if target == "first_response":
        line = _("Ticket %(number)s was not answered in time (due %(due)s).", number=number, due=due)
    else:
        line = _("Ticket %(number)s was not resolved in time (due %(due)s).", number=number, due=due)
    if kind == "reassigned":
        line += " " + _("It has been reassigned to you.")
    return line


def _message(notice, ticket):
    """(subject, body) of one notice, in the current locale."""
    target = notice["target"]
    due = getattr(ticket, f"{target}_breached_at" if notice["kind"] != "warning" else f"{target}_due_at")
    shown = due.astimezone(workspace_timezone()).strftime("%Y-%m-%d %H:%M") if due else "-"
    lines = [_line(notice["kind"], target, ticket.number, shown), ticket.subject,
             public_url("service_tickets.detail", ticket_id=ticket.id)]
    return SUBJECTS[notice["kind"]](ticket), "\n\n".join(lines) + "\n"


def stale(notice, ticket):
    """Why `notice` is no longer worth sending (deleted, resolved, met or reassigned), or None when it still is."""
    if ticket is None:
        return "deleted"
    if ticket.status in ("resolved", "closed"):
        return "resolved"
    if notice["target"] == "first_response" and ticket.first_response_at is not None:
        return "met"
    if "assignee_id" in notice and ticket.assignee_id != notice["assignee_id"]:
        return "reassigned"
    return None


def send_notices(ctx):
    """The notice job: mail each notice still worth sending to its active users; counts sent and failed, the skipped."""
    sent = failed = 0
    skipped = []
    workspace_locale = str(get_locale())
    for notice in ctx.params.get("notices", []):
        ticket = db.session.scalar(select(Ticket).where(Ticket.id == notice["ticket_id"]))
        reason = stale(notice, ticket)
        if reason is not None:
            skipped.append({"ticket_id": notice["ticket_id"], "kind": notice["kind"], "target": notice["target"],
                            "reason": reason})
            continue
        users = db.session.scalars(select(User).where(User.id.in_(notice["user_ids"]), User.active.is_(True))
                                   .order_by(User.id)).all()
        for user in users:
            with force_locale(user.locale or workspace_locale):
                subject, body = _message(notice, ticket)
            try:
                sent += send_email(user.email, subject, body)
            except Exception:  # any refusal of one mail must not lose the batch's others
                failed += 1
                log.warning("SLA %s notice of ticket %s to user %s not sent", notice["kind"], ticket.id, user.id,
                            exc_info=True)
    return {"sent": sent, "failed": failed, "skipped": skipped}
