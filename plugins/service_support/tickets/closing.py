"""Closing resolved tickets: once a day, per workspace, a ticket resolved `close_after_days` ago and not reopened closes.

One indexed query finds them; each is moved by the workflow (`move_status`, what
`change_status` does once its check has passed: resolved -> closed is always
allowed) as the system (actor None), so its timeline line and the
`ticket_status_changed` signal are the same as a user's close. The rows are
locked batch by batch (a reopen at the same moment waits, then finds the ticket
closed and reopens it within its window) and each batch commits with the job's
progress. Running twice closes nothing twice: a closed ticket is no longer resolved.
"""
from datetime import timedelta

from sqlalchemy import select

from crm_platform.sdk import db, utcnow

from plugins.service_support.models import Ticket
from plugins.service_support.settings import settings
from plugins.service_support.tickets.workflow import move_status

KIND = "service_support_close_resolved"
SCHEDULE = "service_support_close_resolved"
BATCH = 200


def due_for_closing(now):
    """The WHERE clauses of the workspace's resolved tickets whose `close_after_days` have passed at `now`."""
    cutoff = now - timedelta(days=settings()["close_after_days"])
    return (Ticket.status == "resolved", Ticket.resolved_at <= cutoff)


def close_resolved(ctx):
    """The daily job: close every resolved ticket old enough; the job's result counts them."""
    now = utcnow()
    due = due_for_closing(now)
    ids = db.session.scalars(select(Ticket.id).where(*due).order_by(Ticket.resolved_at, Ticket.id)).all()
    closed = 0
    for start in range(0, len(ids), BATCH):
        # Read again under a lock: a ticket reopened since the first query is left alone.
        batch = db.session.scalars(select(Ticket).where(Ticket.id.in_(ids[start:start + BATCH]), *due)
                                   .order_by(Ticket.resolved_at, Ticket.id).with_for_update()
                                   .execution_options(populate_existing=True)).all()
        for ticket in batch:
            move_status(None, ticket, "closed", now)
        closed += len(batch)
        ctx.progress(start + len(batch), len(ids))  # commits the batch
    return {"closed": closed}
