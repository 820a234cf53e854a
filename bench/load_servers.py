"""The servers of bench/load.py: a throwaway PostgreSQL and `gunicorn wsgi:app`, on loopback only.

PostgreSQL is started as scripts/test starts it (initdb and pg_ctl, as `nobody`
when run as root, since initdb refuses root), on a free port of 127.0.0.1.
"""
import functools
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pg_bin():
    """The folder holding initdb and pg_ctl: the one on PATH, else Debian's."""
    found = shutil.which("pg_ctl")
    candidates = [Path(found).parent] if found else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    sys.exit("initdb/pg_ctl not found: install PostgreSQL's server binaries (Debian: postgresql).")


class Postgres:
    """A PostgreSQL server in `folder`/data on a free loopback port; start() from a fresh or copied data folder."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = free_port()
        self.bin = _pg_bin()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_owner(self, *command):
        # The server refuses to run as root: root hands it to `nobody`, as scripts/test does.
        prefix = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
        subprocess.run(prefix + [str(c) for c in command], check=True, stdout=subprocess.DEVNULL)

    def _own(self, path):
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "nobody", str(path)], check=True)

    def init(self):
        """Create an empty cluster."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o755)
        self._own(self.folder)
        self._as_owner(self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                       "--no-locale")

    def copy_from(self, cached):
        """Use a copy of the cluster kept in `cached` (a data folder saved by save_to)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o755)
        shutil.copytree(cached, self.data, symlinks=True)
        self._own(self.folder)
        self.data.chmod(0o700)

    def save_to(self, cached):
        """Stop the server and copy its data folder to `cached` (replacing what was there), then start it again."""
        self.stop()
        shutil.rmtree(cached, ignore_errors=True)
        shutil.copytree(self.data, cached, symlinks=True)
        self.start()

    def start(self):
        """Start the server and wait until it accepts connections."""
        # Durability is pointless for a throwaway server (as in scripts/test); see bench/README.md.
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._as_owner(self.bin / "pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-w", "-t", "60",
                       "start", "-o", options)

    def stop(self):
        """Stop the server (fast shutdown); nothing if it is not running."""
        if (self.data / "postmaster.pid").exists():
            self._as_owner(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")


class PgBouncer:
    """pgbouncer in transaction pooling mode in front of `postgres`, on a free loopback port (docs/scaling.md)."""

    def __init__(self, postgres, folder, pool_size=20):
        self.postgres = postgres
        self.folder = Path(folder)
        self.port = free_port()
        self.pool_size = pool_size
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    @staticmethod
    def binary():
        """The pgbouncer program on PATH; exits with how to install it when there is none."""
        return shutil.which("pgbouncer") or sys.exit("pgbouncer not found (Debian: apt-get install pgbouncer).")

    @staticmethod
    @functools.cache
    def version():
        """The installed pgbouncer's version as a tuple of ints, e.g. (1, 18, 0), asked once per run."""
        first = subprocess.run([PgBouncer.binary(), "--version"], capture_output=True, text=True,
                               check=True).stdout.split()
        return tuple(int(part) for part in first[1].split("."))

    @classmethod
    def follows_prepared_statements(cls):
        """True from pgbouncer 1.21, whose max_prepared_statements carries psycopg's across server connections."""
        return cls.version() >= (1, 21)

    def start(self):
        """Write its configuration and start it as a daemon (as `nobody` under root: it refuses root)."""
        binary = self.binary()
        # Before 1.21 the app must not prepare statements (docs/scaling.md); from 1.21 pgbouncer follows them.
        prepared = "max_prepared_statements = 200\n" if self.follows_prepared_statements() else ""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "users.txt").write_text('"postgres" ""\n')
        (self.folder / "pgbouncer.ini").write_text(
            f"[databases]\npostgres = host=127.0.0.1 port={self.postgres.port} dbname=postgres user=postgres\n"
            f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {self.port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {self.folder}/users.txt\npool_mode = transaction\n"
            f"default_pool_size = {self.pool_size}\nmax_client_conn = 1000\n{prepared}"
            f"logfile = {self.folder}/pgbouncer.log\npidfile = {self.folder}/pgbouncer.pid\n")
        self.postgres._own(self.folder)
        self.postgres._as_owner(binary, "-d", self.folder / "pgbouncer.ini")

    def stop(self):
        """Stop the daemon by the process id it wrote."""
        pidfile = self.folder / "pgbouncer.pid"
        if pidfile.exists():
            os.kill(int(pidfile.read_text()), 15)


def checkout_env(extra):
    """os.environ plus `extra`, with this checkout's code first on the path (the code measured is this one)."""
    env = {**os.environ, **extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "platform"), str(ROOT), env.get("PYTHONPATH")]))
    return env


class Gunicorn:
    """`gunicorn wsgi:app` with `workers` sync workers on a free loopback port, configured by CRM_* variables."""

    def __init__(self, workers, settings, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.settings = settings
        self.log_path = log_path
        self.process = None

    def start(self, timeout=120):
        """Start it and wait until every worker has answered (each builds its app when it boots)."""
        command = [sys.executable, "-m", "gunicorn", "wsgi:app", "--chdir", str(ROOT), "--bind",
                   f"127.0.0.1:{self.port}", "--workers", str(self.workers), "--timeout", "60",
                   "--log-level", "warning"]
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(command, env=checkout_env(self.settings), stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        answered = 0
        while answered < 3 * self.workers:  # the arbiter spreads requests; a few per worker warm them all
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                sys.exit(f"gunicorn did not start; see {self.log_path}")
            try:
                urllib.request.urlopen(f"{self.url}/api/v1/me", timeout=30).close()
            except urllib.error.HTTPError:  # 401 without a token: the app answered
                answered += 1
            except OSError:  # not listening yet, or a worker still booting (URLError is one too)
                time.sleep(0.5)

    def stop(self):
        """Stop the arbiter, which stops its workers (SIGTERM, then wait; SIGKILL after 30 s)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()
