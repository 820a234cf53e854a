"""Issue 8 bug 6: the local Redis (no CRM_REDIS_URL) starts only when needed and never outlives its users.

Real processes: `crm` commands, a `crm worker`, and honcho with the Procfile of
`make run`, stopped by a signal to their process group as Ctrl-C or honcho would.
"""
import signal
import subprocess

from crm_platform.testing import free_port
from process_support import (
    CRM, HONCHO, PROCFILE, crm_env, redis_answers, redis_servers, stop_group, wait_for, web_answers,
)
from process_support import instance  # noqa: F401  (the fixture)


def test_a_command_that_needs_no_redis_starts_none(instance):
    """Listing plugins, or migrating, never starts a server."""
    subprocess.run([CRM, "plugins"], env=crm_env(instance), cwd=instance.parent, check=True, capture_output=True,
                   timeout=60)
    assert not (instance / "redis").exists()
    assert redis_servers(instance) == []


def test_a_command_that_starts_redis_for_itself_stops_it(instance):
    """`crm worker --burst` needs Redis, starts it, and stops it when it is done."""
    subprocess.run([CRM, "worker", "--burst"], env=crm_env(instance), cwd=instance.parent, check=True,
                   capture_output=True, timeout=60)
    assert (instance / "redis" / "redis.log").exists()  # it did start one
    assert wait_for(lambda: redis_servers(instance) == [], timeout=10), redis_servers(instance)


def test_worker_and_a_short_command_share_the_server_and_ctrl_c_stops_it(instance):
    """A short command reuses the worker's server and leaves it running; Ctrl-C on the worker stops it."""
    env = crm_env(instance)
    worker = subprocess.Popen([CRM, "worker"], env=env, cwd=instance.parent, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: redis_answers(instance)), "the worker never started its Redis"
        started = redis_servers(instance)
        assert len(started) == 1
        subprocess.run([CRM, "worker", "--burst"], env=env, cwd=instance.parent, check=True, capture_output=True,
                       timeout=60)
        assert redis_answers(instance) and redis_servers(instance) == started  # shared, and still there
    finally:
        stop_group(worker, signal.SIGINT)
    assert wait_for(lambda: redis_servers(instance) == [], timeout=10), redis_servers(instance)


def test_stopping_make_runs_honcho_stops_everything_it_started(instance):
    """Ctrl-C on honcho with the Procfile (what `make run` ends in) leaves no Redis of the instance behind."""
    port = free_port()
    honcho = subprocess.Popen([HONCHO, "start", "-f", PROCFILE], env=crm_env(instance, CRM_PORT=str(port)),
                              cwd=instance.parent, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: redis_answers(instance)), "the worker never started its Redis"
        assert wait_for(lambda: web_answers(port)), "the web app never answered"
    finally:
        stop_group(honcho, signal.SIGINT)
    assert wait_for(lambda: redis_servers(instance) == [], timeout=10), redis_servers(instance)
