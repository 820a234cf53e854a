"""Issue 8 bug 6: the local Redis (no CRM_REDIS_URL) starts only when needed and never outlives its users.

Real processes: `crm` commands, a `crm worker`, and honcho with the Procfile of
`make run`, stopped by a signal to their process group as Ctrl-C or honcho would.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import redis

from crm_platform.testing import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CRM = str(BIN / "crm")


@pytest.fixture
def instance():
    """A fresh instance folder with a short path (unix socket paths are limited), migrated."""
    folder = Path(tempfile.mkdtemp(prefix="crm-lr-")) / "instance"
    env = _env(folder)
    subprocess.run([CRM, "db", "upgrade"], env=env, cwd=folder.parent, check=True, capture_output=True, timeout=120)
    yield folder
    for pid in _servers(folder):  # never leave a server behind, even when a test fails
        os.kill(pid, signal.SIGKILL)
    shutil.rmtree(folder.parent, ignore_errors=True)


def _env(folder):
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRM_")}
    return {**env, "CRM_INSTANCE_PATH": str(folder), "CRM_SECRET_KEY": "test-secret-key",
            "PATH": f"{BIN}:{env.get('PATH', '')}"}


def _servers(folder):
    """Pids of the live redis-server processes listening on `folder`'s socket."""
    socket = str(folder / "redis" / "redis.sock").encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if socket in cmdline and b"redis-server" in cmdline:
            found.append(int(entry.name))
    return found


def _wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _answers(folder):
    client = redis.Redis(unix_socket_path=str(folder / "redis" / "redis.sock"), socket_connect_timeout=1)
    try:
        return client.ping()
    except redis.RedisError:
        return False
    finally:
        client.close()


def _stop_group(process, sig=signal.SIGINT, timeout=60):
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise


def test_a_command_that_needs_no_redis_starts_none(instance):
    """Listing plugins, or migrating, never starts a server."""
    subprocess.run([CRM, "plugins"], env=_env(instance), cwd=instance.parent, check=True, capture_output=True,
                   timeout=60)
    assert not (instance / "redis").exists()
    assert _servers(instance) == []


def test_a_command_that_starts_redis_for_itself_stops_it(instance):
    """`crm worker --burst` needs Redis, starts it, and stops it when it is done."""
    subprocess.run([CRM, "worker", "--burst"], env=_env(instance), cwd=instance.parent, check=True,
                   capture_output=True, timeout=60)
    assert (instance / "redis" / "redis.log").exists()  # it did start one
    assert _wait_for(lambda: _servers(instance) == [], timeout=10), _servers(instance)


def test_worker_and_a_short_command_share_the_server_and_ctrl_c_stops_it(instance):
    """A short command reuses the worker's server and leaves it running; Ctrl-C on the worker stops it."""
    env = _env(instance)
    worker = subprocess.Popen([CRM, "worker"], env=env, cwd=instance.parent, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: _answers(instance)), "the worker never started its Redis"
        started = _servers(instance)
        assert len(started) == 1
        subprocess.run([CRM, "worker", "--burst"], env=env, cwd=instance.parent, check=True, capture_output=True,
                       timeout=60)
        assert _answers(instance) and _servers(instance) == started  # shared, and still there
    finally:
        _stop_group(worker, signal.SIGINT)
    assert _wait_for(lambda: _servers(instance) == [], timeout=10), _servers(instance)


def test_stopping_make_runs_honcho_stops_everything_it_started(instance):
    """Ctrl-C on honcho with the Procfile (what `make run` ends in) leaves no Redis of the instance behind."""
    port = free_port()
    env = {**_env(instance), "CRM_PORT": str(port)}
    honcho = subprocess.Popen([str(BIN / "honcho"), "start", "-f", str(ROOT / "Procfile")], env=env,
                              cwd=instance.parent, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: _answers(instance)), "the worker never started its Redis"
        assert _wait_for(lambda: _serves(port)), "the web app never answered"
    finally:
        _stop_group(honcho, signal.SIGINT)
    assert _wait_for(lambda: _servers(instance) == [], timeout=10), _servers(instance)


def _serves(port):
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/auth/login", timeout=2)
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
