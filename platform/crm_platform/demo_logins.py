"""`crm demo-logins`: the demo's sign-ins, printed by `make run` once the web app and the worker are up.

Printed earlier, they scroll away under the web app's and the worker's start-up
lines; this process waits for both, prints them as the last lines, then waits to
be stopped with the others (honcho stops every process when one ends).
"""
import os
import threading
import time
import urllib.error
import urllib.request

import click
from flask.cli import with_appcontext
from flask_babel import gettext


def web_answers(url):
    """True once the web app answers HTTP at `url` (any status)."""
    try:
        urllib.request.urlopen(url, timeout=2)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def worker_settled():
    """True once an RQ worker is registered on the app's Redis and has done its start-up work.

    At start the worker runs the schedule tick, which may start the modules' daily
    jobs; their log lines would come after the logins if these were printed as soon
    as the worker registered. So: every worker idle and both queues empty.
    """
    from rq import Worker

    from crm_platform.jobs.connection import get_redis
    from crm_platform.jobs.queue import QUEUE, TICK_QUEUE, get_queue

    try:
        workers = Worker.all(connection=get_redis())
        return bool(workers) and all(w.get_state() == "idle" for w in workers) and \
            not any(get_queue(name=name).count for name in (QUEUE, TICK_QUEUE))
    except Exception:  # Redis not started yet: the worker starts it
        return False


def echo_logins(echo=click.echo):
    """Print the demo workspace's sign-ins as a small table."""
    from tenants.demo import SLUG, logins

    # Printed in the terminal's language (LANG / LC_ALL; crm_platform/i18n/selection.py).
    echo("\n" + gettext("Demo workspace: %(slug)s", slug=SLUG))
    for role, email, password in logins():
        echo(f"  {role:<10} {email:<32} {password}")


@click.command("demo-logins")
@click.option("--url", envvar="CRM_DEMO_URL", default=None,
              help="The web app's address [default: http://CRM_HOST:CRM_PORT/].")
@click.option("--wait", is_flag=True, help="Print once the web app answers and a worker has settled, then stay until "
                                         "stopped.")
@click.option("--timeout", default=120.0, show_default=True, help="Seconds to wait for them before printing anyway.")
@with_appcontext
def demo_logins_command(url, wait, timeout):
    """Print the demo workspace's logins (with --wait: last, once the web app and a worker are up)."""
    url = url or f"http://{os.environ.get('CRM_HOST', '127.0.0.1')}:{os.environ.get('CRM_PORT', '5000')}/"
    if wait:
        deadline, quiet = time.monotonic() + timeout, 0
        # Settled twice in a row: the worker may be between the tick and the jobs the tick queued.
        while quiet < 2 and time.monotonic() < deadline:
            quiet = quiet + 1 if web_answers(url) and worker_settled() else 0
            time.sleep(0.5)
    echo_logins()
    click.echo("\n" + gettext("Open %(url)s and sign in. Ctrl-C stops everything.", url=url))
    if wait:
        threading.Event().wait()
