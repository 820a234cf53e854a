"""`crm feedback-stats`: how much feedback each workspace has, for the operator who runs the service."""
import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from crm_platform.sdk import Tenant, db, unscoped

from crm_feedback.models import FeedbackNote


@click.command("feedback-stats")
@with_appcontext
def feedback_stats():
    """Print the number of feedback notes and their average rating in each workspace that has any."""
    # Counting across workspaces is operator work: the one escape hatch, with its reason logged.
    with unscoped("crm feedback-stats: note counts of every workspace"):
        rows = db.session.execute(
            select(Tenant.slug, func.count(FeedbackNote.id), func.avg(FeedbackNote.rating))
            .join(FeedbackNote, FeedbackNote.tenant_id == Tenant.id)
            .group_by(Tenant.id, Tenant.slug).order_by(Tenant.slug)).all()
    if not rows:
        click.echo("No feedback notes yet.")
        return
    click.echo(f"{'workspace':<24} {'notes':>7} {'average':>8}")
    for slug, count, average in rows:
        shown = "-" if average is None else f"{average:.2f}"
        click.echo(f"{slug:<24} {count:>7} {shown:>8}")
