"""Benchmark: `gunicorn wsgi:app` on PostgreSQL under a rising number of users of 100 workspaces, with Locust.

    python bench/load.py [--tenants 100] [--customers 200] [--steps 1,5,10,25,50,100] [--step-seconds 30]
                         [--workers N] [--think 1.0] [--rebuild]

Starts a throwaway PostgreSQL on a free loopback port (initdb/pg_ctl, as
scripts/test does), builds 100 workspaces with the demo's code (cached in
bench/.cache/ as a copy of the cluster), starts the product's local Redis and
`gunicorn wsgi:app` with several workers on 127.0.0.1, then drives it with Locust
(bench/load_driver.py): each step raises the users to the step's number; they
list, search, open and edit customers and log contact records through the API
with bearer tokens. Prints throughput, p50/p95/p99 latency and errors per step,
and names the knee. Everything it starts listens on loopback only and is stopped
at the end. See bench/README.md.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from customer_list import CACHE, bench_app
from load_data import DATA_VERSION, build
from load_servers import Gunicorn, PgBouncer, Postgres, checkout_env

from crm_platform.extensions import db
from crm_platform.jobs.local_redis import ensure_local_redis, stop_if_last_user

HERE = Path(__file__).resolve().parent
SCALING = 0.5  # a step whose throughput grows by less than this share of its users' growth is past the knee


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=100)
    parser.add_argument("--customers", type=int, default=200, help="customers per workspace")
    parser.add_argument("--steps", default="1,5,10,25,50,100", help="concurrent users at each step")
    parser.add_argument("--step-seconds", type=float, default=30, help="measured seconds per step (10: a quick run)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds a user waits between actions")
    parser.add_argument("--pgbouncer", action="store_true",
                        help="connect through pgbouncer in transaction pooling mode (docs/scaling.md)")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached data set")
    return parser.parse_args()


def prepare_database(args, pg, work):
    """Start `pg` holding the data set: a copy of the cached cluster, or built now (and cached).

    Returns the path of the users' identities (workspace, role, token).
    """
    # bench_app names the data set after the migration heads too, so a schema change rebuilds it.
    os.environ["CRM_BENCH_DATABASE_URL"] = pg.url
    os.environ["CRM_ALLOW_RLS_BYPASS_ROLE"] = "1"  # its superuser bulk-loads outside any tenant (bench/README.md)
    app, key = bench_app("load", f"{args.tenants}x{args.customers}-v{DATA_VERSION}")
    cached = CACHE / f"load-{key}"
    if (cached / "identities.json").exists() and not args.rebuild:
        print(f"Using the cached data set {key}.")
        pg.copy_from(cached / "data")
        pg.start()
        return cached / "identities.json"
    for old in CACHE.glob("load-*"):
        shutil.rmtree(old)  # one cached cluster, not one per schema
    pg.init()
    pg.start()
    build(app, args.tenants, args.customers, work / "identities.json")
    with app.app_context():
        db.engine.dispose()  # the server restarts under it
    pg.save_to(cached / "data")
    shutil.copy(work / "identities.json", cached / "identities.json")
    return cached / "identities.json"


def drive(args, url, identities, work):
    """Run Locust's steps against `url` in its own process; returns one dict per step."""
    out = work / "steps.json"
    steps = args.steps.split(",")
    command = [sys.executable, str(HERE / "load_driver.py"), "--host", url, "--identities", str(identities),
               "--steps", args.steps, "--step-seconds", str(args.step_seconds), "--think", str(args.think),
               "--out", str(out)]
    subprocess.run(command, check=True, env=checkout_env({}), timeout=len(steps) * (args.step_seconds + 30) + 120)
    return json.loads(out.read_text())


def knee(results):
    """(last step before the knee, first step past it), or None when throughput kept up with every step.

    Past the knee, more users no longer bring their share of throughput: from
    one step to the next it grows by less than SCALING of the users' growth
    (with linear scaling 2x the users give 2x the requests per second), as the
    workers are busy and requests queue for them, which the p95 shows.
    """
    for before, step in zip(results, results[1:]):
        if step["rps"] < before["rps"] * (1 + SCALING * (step["users"] / before["users"] - 1)):
            return before, step
    return None


def report(results, args, load_before):
    """Print the steps' table, the knee, and each request's latency at the knee and at the last step."""
    via = " through pgbouncer (transaction pooling)" if args.pgbouncer else ""
    print(f"\n{args.tenants} workspaces x {args.customers} customers; gunicorn with {args.workers} sync workers"
          f"{via}; think time {args.think / 2:g}-{args.think * 3 / 2:g} s; {args.step_seconds:g} s per step.")
    print(f"Machine: {os.cpu_count()} cores shared with other work (load average {load_before:.1f} before the "
          "run); Locust, gunicorn and PostgreSQL share them.\n"
          "'load avg': the 1-minute load average as the step ended.\n")
    print(f"{'users':>6}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'requests':>10}{'errors':>8}"
          f"{'load avg':>10}")
    for step in results:
        print(f"{step['users']:>6}{step['rps']:>9.1f}{step['p50']:>9.0f}{step['p95']:>9.0f}{step['p99']:>9.0f}"
              f"{step['requests']:>10}{step['failures']:>8}{step['load_average']:>10.1f}")
    found = knee(results)
    if found:
        before, after = found
        print(f"\nKnee: about {before['users']} users ({before['rps']:.1f} req/s, p95 {before['p95']:.0f} ms). "
              f"At {after['users']} users throughput is {after['rps'] / before['rps']:.2f}x for "
              f"{after['users'] / before['users']:.1f}x the users, and p95 {after['p95'] / before['p95']:.1f}x "
              f"({after['p95']:.0f} ms): requests queue for the workers.")
    else:
        print(f"\nNo knee up to {results[-1]['users']} users: throughput kept up with the users.")
    for step in ([found[0]] if found else []) + [results[-1]]:
        print(f"\nBy request at {step['users']} users:")
        for name, entry in step["by_name"].items():
            print(f"  {name:<16}{entry['requests']:>7} requests, p50 {entry['p50']:.0f} ms, "
                  f"p95 {entry['p95']:.0f} ms, {entry['failures']} errors")
    for step in results:
        for error in step["errors"][:5]:
            print(f"  error at {step['users']} users: {error}")
        if step["generator_cpu_warning"]:
            print(f"  Locust's own CPU went above 90% at {step['users']} users: its figures are a floor there.")


def main():
    args = parse_args()
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="crm-load-"))
    work.chmod(0o755)
    pg = Postgres(work / "pg")
    server = bouncer = None
    try:
        identities = prepare_database(args, pg, work)
        database_url, database_settings = pg.url, {}
        if args.pgbouncer:
            bouncer = PgBouncer(pg, work / "pgbouncer")
            bouncer.start()
            database_url = bouncer.url
            if not PgBouncer.follows_prepared_statements():
                # As docs/scaling.md says: before 1.21, transaction pooling loses psycopg's prepared statements.
                database_settings["CRM_DATABASE_PREPARED_STATEMENTS"] = os.environ.get(
                    "CRM_DATABASE_PREPARED_STATEMENTS", "0")
                print(f"pgbouncer {'.'.join(map(str, PgBouncer.version()))} cannot follow prepared statements: "
                      f"CRM_DATABASE_PREPARED_STATEMENTS={database_settings['CRM_DATABASE_PREPARED_STATEMENTS']}")
        # The product's own local Redis (as `make run` has it), on a unix socket in the instance folder.
        redis_url = ensure_local_redis(work / "instance")
        server = Gunicorn(args.workers, {
            "CRM_DATABASE_URL": database_url, "CRM_REDIS_URL": redis_url,
            "CRM_THROTTLE_STORAGE_URL": f"redis+{redis_url}",
            "CRM_INSTANCE_PATH": str(work / "instance"), "CRM_SECRET_KEY": "load-test",
            "CRM_BASE_URL": "http://127.0.0.1", **database_settings}, work / "gunicorn.log")
        server.start()
        print(f"gunicorn wsgi:app with {args.workers} workers on {server.url}; Locust steps: {args.steps} users.")
        results = drive(args, server.url, identities, work)
        report(results, args, load_before)
    finally:
        if server:
            server.stop()
        if bouncer:
            bouncer.stop()
        stop_if_last_user()
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nWhole run: {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
