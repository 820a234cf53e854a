"""Fault soaks: workers SIGKILLed mid-job, Redis killed under writes, a Redis outage under reads.

    python bench/faults.py [--kills 100] [--outage 60] [--load-seconds 30] [--parts kills,restart,outage]
                           [--sqlite] [--quick] [--seed 1] [--keep]

Starts, on loopback only and in a temporary folder it deletes at the end: a
throwaway PostgreSQL (bench/load_servers.py; `--sqlite` uses a file instead), a
redis-server with an append-only file as production has it, `gunicorn wsgi:app`
and real `crm worker` processes, and one workspace built by the demo's code.
Then, in turn:

1. kills: `--kills` times, starts a worker, lets it run an import or an export
   for a random while (or kills it at a random moment of its start), SIGKILLs
   its process group, and lets the next worker's recovery take over. At the
   end a worker drains the queue, failed imports are run again ("Run again"),
   and every import's rows are counted: 0 lost, 0 doubled; every job finished
   or failed with its reason; every export's file whole.
2. restart: client threads create customers and start imports and exports
   while Redis is SIGKILLed and restarted: every 2xx answer's effects are in the
   database and its job finished; every refusal is a 503 that wrote nothing.
3. outage: customer-list reads and a trickle of writes for `--outage` seconds
   of Redis running (half before, half after) and `--outage` seconds of Redis
   down: the reads' p95 must stay within 1.2x, the writes answer as documented
   (docs/jobs.md, "When Redis is down").

Prints the figures and each problem found, and exits 1 if there was one.
"""
import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from fault_client import Api
from fault_servers import Redis, Workers
from load_servers import Gunicorn, Postgres

from crm_platform import create_app
from crm_platform.auth.api import issue_token
from crm_platform.extensions import db
from crm_platform.models import User
from crm_platform.tenancy import tenant_scope
from tenants.demo import demo_texts, seed_workspace

STALE = 2.0  # CRM_JOB_STALE_SECONDS: a killed worker's job is recovered this long after its last beat


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100, help="worker SIGKILLs")
    parser.add_argument("--import-rows", type=int, default=1000, help="rows per imported file in the kill soak")
    parser.add_argument("--hold", type=float, default=3.0, help="a worker runs its job up to this many seconds")
    parser.add_argument("--load-seconds", type=float, default=30, help="length of the write load around a Redis kill")
    parser.add_argument("--redis-down", type=float, default=5, help="seconds Redis stays dead in the restart soak")
    parser.add_argument("--outage", type=float, default=60, help="seconds of the Redis outage")
    parser.add_argument("--parts", default="kills,restart,outage", help="which soaks to run")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of a throwaway PostgreSQL")
    parser.add_argument("--quick", action="store_true", help="6 kills, 10 s of load, a 6 s outage (a smoke run)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database) at the end")
    args = parser.parse_args()
    if args.quick:
        args.kills, args.import_rows, args.hold = 6, 300, 1.5
        args.load_seconds, args.redis_down, args.outage = 10, 2, 6
    return args


class Soak:
    """Everything the soaks share: the servers, the app the bench reads through, the workspace and its token."""

    def __init__(self, args, work):
        self.args, self.work = args, work
        self.rng = random.Random(args.seed)
        self.instance = work / "instance"
        self.pg = None if args.sqlite else Postgres(work / "pg")
        self.redis = Redis(work / "redis")
        self.server = self.workers = self.app = None
        self.problems = []
        self.phase = ""  # what the soak is doing now; client threads tag their answers with it

    def start(self):
        """Start the database, Redis, the workspace, gunicorn; workers are started by each soak."""
        if self.pg:
            self.pg.init()
            self.pg.start()
            url = self.pg.url
            # The throwaway cluster's role is its superuser, which skips row-level security (bench/README.md).
            os.environ["CRM_ALLOW_RLS_BYPASS_ROLE"] = "1"
        else:
            url = f"sqlite:///{self.work / 'faults.sqlite'}"
        self.redis.start()
        settings = {"CRM_DATABASE_URL": url, "CRM_REDIS_URL": self.redis.url, "CRM_INSTANCE_PATH": str(self.instance),
                    "CRM_SECRET_KEY": "faults", "CRM_BASE_URL": "http://127.0.0.1",
                    "CRM_JOB_HEARTBEAT_SECONDS": "0.3", "CRM_JOB_STALE_SECONDS": str(STALE),
                    # Imports commit every 100 rows: more chunk boundaries for the kills to fall around.
                    "CRM_IMPORT_CHUNK_SIZE": "100"}
        self.app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "faults", "CRM_REDIS_URL": self.redis.url,
                               "CRM_JOB_STALE_SECONDS": STALE, "CRM_THROTTLE_STORAGE_URL": "memory://"},
                              instance_path=str(self.instance))
        self.tenant_id, self.token = self._workspace()
        self.workers = Workers(settings, self.work / "workers.log")
        self.server = Gunicorn(2, settings, self.work / "gunicorn.log")
        self.server.start()

    def _workspace(self):
        """Migrate, build the demo's workspace with 200 customers; (tenant id, the admin's API token)."""
        from flask_migrate import upgrade

        with self.app.app_context():
            upgrade(revision="heads")
            tenant_id, users = seed_workspace("faults", 200, random.Random(0), lambda *_: None, demo_texts("en"))
            with tenant_scope(tenant_id):
                admin = db.session.get(User, users["admin"][0])
                token = issue_token(admin, "fault soak")[1]
            db.engine.dispose()
        return tenant_id, token

    def api(self, prefix):
        """A client of its own (one per thread) naming its rows `prefix`…."""
        return Api(self.server.url, self.token, prefix)

    def stop(self):
        """Stop everything started, whatever state it is in."""
        for step in (lambda: self.server and self.server.stop(), lambda: self.workers and self.workers.stop(),
                     self.redis.kill, lambda: self.pg and self.pg.stop()):
            try:
                step()
            except Exception as exc:  # keep stopping the rest
                print(f"cleanup: {exc}", file=sys.stderr)
        if self.app:
            with self.app.app_context():
                db.engine.dispose()


def main():
    args = parse_args()
    from fault_soaks import SOAKS

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="crm-faults-"))
    work.chmod(0o755)
    soak = Soak(args, work)
    try:
        soak.start()
        print(f"PostgreSQL {'(none: SQLite)' if args.sqlite else soak.pg.port}, Redis {soak.redis.port}, "
              f"gunicorn {soak.server.url}, workspace {soak.tenant_id}; work folder {work}")
        for part in args.parts.split(","):
            SOAKS[part](soak)
    finally:
        soak.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nWhole run: {time.perf_counter() - started:.0f} s (load average {os.getloadavg()[0]:.1f}).")
    if soak.problems:
        print(f"\n{len(soak.problems)} PROBLEM(S):")
        for problem in soak.problems:
            print(f"  - {problem}")
        sys.exit(1)
    print("No problem found.")


if __name__ == "__main__":
    main()
