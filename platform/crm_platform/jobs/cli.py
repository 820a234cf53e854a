"""`crm jobs tick` and `crm jobs recover`: the worker's periodic work, run once by hand."""
from datetime import datetime, timezone

import click
from flask.cli import with_appcontext
from flask_babel import gettext


@click.group("jobs")
def jobs_command():
    """Background jobs: run the schedules' tick or the recovery sweep once."""


def _utc(value):
    """An ISO 8601 time as aware UTC; a time without an offset is taken as UTC."""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use ISO 8601, e.g. 2026-03-05T06:30:00+08:00", param_hint="--now") from None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


@jobs_command.command("tick")
@click.option("--now", "now", metavar="ISO", help="Pretend it is this time (ISO 8601; UTC without an offset).")
@with_appcontext
def tick_command(now):
    """Recover stale jobs and start the schedules due now in every workspace (what the worker does each minute)."""
    from crm_platform.jobs.tick import run_tick

    summary = run_tick(_utc(now) if now else None)
    _echo_recovered(summary["recovered"])
    for tenant_id, name, job_id in summary["started"]:
        click.echo(gettext("started %(name)s in tenant %(tenant)s: job %(job)s", name=name, tenant=tenant_id,
                           job=job_id))
    if not summary["started"]:
        click.echo(gettext("No schedule was due."))


@jobs_command.command("recover")
@with_appcontext
def recover_command():
    """Re-queue or fail the jobs of dead workers and those Redis lost."""
    from crm_platform.jobs.recovery import recover_stale_jobs

    _echo_recovered(recover_stale_jobs())


def _echo_recovered(recovered):
    if recovered["requeued"]:
        click.echo(gettext("requeued stale job(s): %(ids)s", ids=", ".join(map(str, recovered["requeued"]))))
    if recovered["failed"]:
        click.echo(gettext("failed stale job(s): %(ids)s", ids=", ".join(map(str, recovered["failed"]))))
