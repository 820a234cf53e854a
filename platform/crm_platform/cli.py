"""The `crm` console script: Flask's CLI with the app factory and our commands.

`crm run`, `crm shell` and `crm routes` come from Flask, `crm db …` from
Flask-Migrate, and the rest is registered here.
"""
import signal
import sys

import click
from flask.cli import FlaskGroup, with_appcontext

from crm_platform.jobs.cli import jobs_command
from crm_platform.modules.cli import plugins_command


def _create_app():
    """The app for a command; listing commands get one that creates no instance folder, key or database."""
    from crm_platform import create_app

    ctx = click.get_current_context(silent=True)
    words = ctx.command_path.split()[1:] if ctx else []
    # The group itself builds the app only to list commands (`crm --help`, or to
    # look up a plugin's command); the core's commands sit on the group, so they
    # are found without an app and build theirs as themselves.
    listing = ctx is None or ctx.parent is None or words in (["plugins"], ["routes"])
    return create_app(create_instance=not listing)


def _exit_on_sigterm(signum, frame):
    """SIGTERM ends the command like Ctrl-C does, running its exit handlers."""
    sys.exit(128 + signum)


@click.group(cls=FlaskGroup, create_app=_create_app)
def main():
    """Manage and run the CRM."""
    # Python's default SIGTERM kills without exit handlers, so the last user of
    # the local Redis (jobs/local_redis.py) could not stop it; RQ's worker
    # installs its own handler, which also ends in a normal exit.
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _exit_on_sigterm)


# On the group itself, so that `crm plugins new` works without building an app
# (and without an instance folder); `crm plugins` builds one to list plugins.
main.add_command(plugins_command)


@click.command("demo")
@click.option("--customers", default=2000, show_default=True, help="How many customers to create.")
@click.option("--reset", is_flag=True, help="Delete an existing demo workspace first.")
@click.option("--locale", type=click.Choice(["zh_CN", "en"]), default=None,
              help="Chinese or English demo data; by default zh_CN when the system locale (LANG) is Chinese.")
@with_appcontext
def demo_command(customers, reset, locale):
    """Create the demo workspace `demo` and print its logins."""
    from crm_platform.demo_logins import echo_logins
    from tenants.demo import create_demo, system_locale

    create_demo(customers=customers, reset=reset, echo=click.echo, locale=locale or system_locale())
    echo_logins()


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run one tick (due schedules, recovery), then the queued jobs, then exit.")
@with_appcontext
def worker_command(burst):
    """Run background jobs: an RQ worker with RQ's scheduler on the "crm" queue, ticking the schedules."""
    from flask import current_app

    from redis.exceptions import RedisError

    from crm_platform.jobs.connection import get_redis
    from crm_platform.jobs.worker import run_worker
    from crm_platform.rls import check_database_role
    from crm_platform.startup import settle_for_serving

    check_database_role(current_app)
    settle_for_serving()
    try:
        get_redis(current_app).ping()
    except RedisError as error:
        # One line, not a traceback: the worker cannot start without its queue, and says why.
        raise click.ClickException(
            f"Redis is unreachable ({error}). Start it, or set CRM_REDIS_URL (docs/jobs.md); "
            "the worker exits with status 1 so that its supervisor starts it again.") from None
    run_worker(current_app._get_current_object(), burst=burst)


def _upgrade_every_head():
    """Make `crm db upgrade` mean every head: the core's branch and each plugin's."""
    from flask_migrate.cli import db as db_group

    for param in db_group.commands["upgrade"].params:
        if param.name == "revision":
            # Flask-Migrate defaults to "head", which Alembic refuses once plugins
            # bring branches of their own.
            param.default = "heads"


_upgrade_every_head()


def _add_core_commands_to_the_group():
    """Put the core's commands on the group too (the app keeps them, for app.test_cli_runner())."""
    from flask_migrate.cli import db as db_group

    # Found on the group, a command does not build the app while it is being
    # looked up (which _create_app takes for a listing); it builds its own.
    from crm_platform.demo_logins import demo_logins_command

    for command in (demo_command, demo_logins_command, worker_command, jobs_command, db_group):
        main.add_command(command)


_add_core_commands_to_the_group()


def register_commands(app):
    """Attach the project's own commands to `app.cli`."""
    from crm_platform.demo_logins import demo_logins_command

    app.cli.add_command(demo_command)
    app.cli.add_command(demo_logins_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(jobs_command)
    app.cli.add_command(plugins_command)
