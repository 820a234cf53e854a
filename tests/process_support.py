"""Real `crm` processes for tests: a migrated instance folder, their environment, and stopping process groups."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CRM = str(BIN / "crm")
HONCHO = str(BIN / "honcho")
PROCFILE = str(ROOT / "Procfile")


@pytest.fixture
def instance():
    """A fresh instance folder with a short path (unix socket paths are limited), migrated."""
    folder = Path(tempfile.mkdtemp(prefix="crm-lr-")) / "instance"
    subprocess.run([CRM, "db", "upgrade"], env=crm_env(folder), cwd=folder.parent, check=True, capture_output=True,
                   timeout=120)
    yield folder
    for pid in redis_servers(folder):  # never leave a server behind, even when a test fails
        os.kill(pid, signal.SIGKILL)
    shutil.rmtree(folder.parent, ignore_errors=True)


def crm_env(folder, **extra):
    """The environment of a `crm` process on the instance `folder`: no CRM_* settings of ours leak in."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRM_")}
    return {**env, "CRM_INSTANCE_PATH": str(folder), "CRM_SECRET_KEY": "test-secret-key",
            "PATH": f"{BIN}:{env.get('PATH', '')}", **extra}


def redis_servers(folder):
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


def wait_for(condition, timeout=30):
    """Poll `condition` until it is true (True) or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def redis_answers(folder):
    """True when the instance's local Redis answers PING."""
    client = redis.Redis(unix_socket_path=str(folder / "redis" / "redis.sock"), socket_connect_timeout=1)
    try:
        return client.ping()
    except redis.RedisError:
        return False
    finally:
        client.close()


def web_answers(port):
    """True once something answers HTTP on the local `port`."""
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/auth/login", timeout=2)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def stop_group(process, sig=signal.SIGINT, timeout=60):
    """Send `sig` to the process group of `process` (as Ctrl-C would) and wait for it to end."""
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
