"""Benchmark: the customer import job next to a raw csv + executemany baseline, and its peak memory.

    python bench/customer_import.py [--rows 100000] [--big 1000000] [--skip-big]

Writes CSV files of customers (cached in bench/.cache/), then runs each
measurement in a fresh child process on a fresh database (a SQLite file in
bench/.cache/, or the scratch PostgreSQL database CRM_BENCH_DATABASE_URL, whose
content it owns):

- baseline: `csv.reader` over the file and `executemany` INSERTs of the same
  columns into `customers`, committed every 500 rows (the import's chunk), on a
  raw DB-API connection of the same engine;
- keyed baseline: the same, plus the derived key columns every customer has
  (`customer_keys`: duplicate keys, phone digits, pinyin), computed per row:
  what the table itself costs once its indexed keys are filled in;
- import: the real `customer_import` job (`run_job`, as the worker runs it) of
  the same file: first pass, mapping, validation, duplicate look-ups, tags,
  audit trail, checkpoint per chunk;
- the import again with a file ten times larger, for memory: the peak resident
  set of the child during the import, less what it held before, must not grow
  with the file.

Rows per second are printed side by side with their ratio; see README.md.
"""
import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
DATA_VERSION = 2  # bump when the generated file changes shape
CHUNK = 500
HEADERS = ["Name", "Kind", "Region", "Status", "Level", "Phone", "Email", "Address", "Care date", "Tags"]
SYLLABLES = "华盛恒泰鑫宏润嘉远达新锦东海瑞通信诚安立金天永联博中兴利创佳"
SUFFIXES = ["科技有限公司", "贸易有限公司", "电子有限公司", "物流有限公司", " Trading Ltd.", " Industries Inc."]
# The default sales regions of a new workspace (regions/sales_regions.py): a region must be one of them.
REGIONS = ["华东", "华南", "华北", "华中", "西南"]
TAGS = ["manufacturing", "wholesale", "retail", "energy", "software", "logistics"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the timed import and baseline")
    parser.add_argument("--big", type=int, default=1_000_000, help="rows of the second import (memory)")
    parser.add_argument("--skip-big", action="store_true", help="time and measure only --rows")
    parser.add_argument("--child", choices=("baseline", "keyed", "import"), help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    return parser.parse_args()


def csv_file(rows):
    """The cached CSV of `rows` distinct customers (unique names, emails and phones: no duplicates)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"import-{rows}-v{DATA_VERSION}.csv"
    if path.exists():
        return path
    rng = random.Random(rows)
    partial = path.with_suffix(".part")
    with open(partial, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADERS)
        for n in range(rows):
            kind = "person" if n % 5 == 0 else "company"
            name = "".join(rng.choices(SYLLABLES, k=2)) + rng.choice(SUFFIXES) + f" {n}"
            care = date(1960 + n % 50, 1 + n % 12, 1 + n % 28).isoformat() if n % 3 == 0 else ""
            out.writerow([name, kind, rng.choice(REGIONS), rng.choice(("signed", "following", "terminated")),
                          rng.choice(("effective", "potential", "intention")), f"13{n:09d}",
                          f"buyer{n}@example.cn", f"{n} Nanjing Road, Shanghai", care,
                          "; ".join(rng.sample(TAGS, k=n % 3))])
    partial.rename(path)
    return path


def peak_rss_mb():
    """This process's peak resident set so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_app(workdir):
    """An app on an empty, migrated database with one workspace; returns (app, tenant_id, user_id)."""
    from flask_migrate import upgrade

    from crm_platform import create_app
    from crm_platform.extensions import db
    from tenants.provisioning import create_workspace

    url = os.environ.get("CRM_BENCH_DATABASE_URL") or f"sqlite:///{workdir}/import.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "CRM_PASSWORD_TIME_COST": 1,
                      "CRM_PASSWORD_MEMORY_COST": 64, "CRM_THROTTLE_STORAGE_URL": "memory://",
                      "SQLALCHEMY_DATABASE_URI": url, "CRM_IMPORT_CHUNK_SIZE": CHUNK,
                      "CRM_IMPORT_MAX_MB": 10_000}, instance_path=str(Path(workdir) / "instance"))
    with app.app_context():
        upgrade(revision="heads")
        with db.engine.begin() as conn:  # a scratch PostgreSQL database is emptied first
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        tenant, user = create_workspace("Bench Trading", "bench", "Bench Admin", "admin@bench.test", "bench-password")
        ids = tenant.id, user.id
        db.session.commit()
        return (app, *ids)


def run_baseline(app, tenant_id, user_id, path, keyed=False):
    """Raw csv + executemany into customers, a commit per chunk (`keyed`: with the derived keys); returns rows written."""
    from crm_platform.extensions import db
    from crm_platform.models.customer_keys import customer_keys

    now = datetime.now(timezone.utc)
    columns = ["tenant_id", "name", "kind", "region", "status", "level", "owner_id", "phone", "email", "address",
               "care_date", "created_at", "updated_at"]
    key_columns = list(customer_keys({})) if keyed else []
    written = 0
    with app.app_context():
        mark = "%s" if db.engine.dialect.name == "postgresql" else "?"
        sql = f"INSERT INTO customers ({', '.join(columns + key_columns)}) " \
              f"VALUES ({', '.join([mark] * (len(columns) + len(key_columns)))})"
        conn = db.engine.raw_connection()
        try:
            cursor = conn.cursor()
            with open(path, newline="", encoding="utf-8") as fh:
                reader = csv.reader(fh)
                next(reader)
                chunk = []
                for name, kind, region, status, level, phone, email, address, care, _tags in reader:
                    row = (tenant_id, name, kind, region, status, level, user_id, phone, email, address,
                           date.fromisoformat(care) if care else None, now, now)
                    if keyed:
                        keys = customer_keys({"name": name, "phone": phone, "email": email})
                        row += tuple(keys[column] for column in key_columns)
                    chunk.append(row)
                    if len(chunk) == CHUNK:
                        cursor.executemany(sql, chunk)
                        conn.commit()
                        written += len(chunk)
                        chunk = []
                if chunk:
                    cursor.executemany(sql, chunk)
                    conn.commit()
                    written += len(chunk)
        finally:
            conn.close()
    return written


def run_import(app, tenant_id, user_id, path):
    """The customer_import job of `path`, run as the worker runs it; returns its result."""
    from werkzeug.datastructures import FileStorage

    from crm_platform.extensions import db
    from crm_platform.imports.job import KIND
    from crm_platform.imports.service import create_batch
    from crm_platform.jobs.queue import new_job
    from crm_platform.jobs.runner import run_job, use_app
    from crm_platform.models import Job, User
    from crm_platform.models.base import utcnow
    from crm_platform.tenancy import tenant_scope

    with app.app_context(), tenant_scope(tenant_id, user_id):
        user = db.session.get(User, user_id)
        with open(path, "rb") as fh:
            batch = create_batch(user, FileStorage(fh, filename=path.name, content_type="text/csv"))
        # What start_import does, without the push to Redis: the job row, and the batch claimed by it.
        job = new_job(KIND, user, {"batch_id": batch.id})
        db.session.flush()
        batch.job_id, batch.started_at = job.id, utcnow()
        db.session.commit()
        job_id = job.id
    use_app(app)  # what `crm worker` does: jobs run in this app, on the benchmark's database
    run_job(job_id, tenant_id)
    with app.app_context(), tenant_scope(tenant_id):
        job = db.session.get(Job, job_id)
        if job.status != "finished":
            sys.exit(f"the import failed: {job.error}")
        return job.result


def child(args):
    """Measure one run in this (fresh) process and print it as JSON."""
    from crm_platform.startup import settle_for_serving

    path = Path(args.file)
    with tempfile.TemporaryDirectory(dir=CACHE) as workdir:
        app, tenant_id, user_id = make_app(workdir)
        settle_for_serving()  # as `crm worker` does before it runs jobs
        before = peak_rss_mb()
        started = time.perf_counter()
        if args.child in ("baseline", "keyed"):
            rows = run_baseline(app, tenant_id, user_id, path, keyed=args.child == "keyed")
        else:
            result = run_import(app, tenant_id, user_id, path)
            rows = result["created"]
            if result["failed"] or result["rows"] != rows:
                sys.exit(f"unexpected import result {result}")
        seconds = time.perf_counter() - started
    print(json.dumps({"rows": rows, "seconds": seconds, "rss_before_mb": before, "rss_peak_mb": peak_rss_mb()}))


def measure(kind, path):
    """Run one measurement in a child process; returns its JSON."""
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--file", str(path)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"the {kind} run of {path.name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    args = parse_args()
    if args.child:
        return child(args)
    engine = "PostgreSQL" if os.environ.get("CRM_BENCH_DATABASE_URL") else "SQLite"
    sizes = [args.rows] if args.skip_big else [args.rows, args.big]
    files = {rows: csv_file(rows) for rows in sizes}
    print(f"{engine}, chunks of {CHUNK} rows; every figure is a fresh process on an empty database.")
    baseline = measure("baseline", files[args.rows])
    keyed = measure("keyed", files[args.rows])
    runs = {rows: measure("import", files[rows]) for rows in sizes}

    def rate(run):
        return run["rows"] / run["seconds"]

    print(f"\n{'':<32}{'rows':>10}{'seconds':>10}{'rows/s':>10}{'peak MiB':>10}{'growth MiB':>12}")
    lines = [("csv + executemany (baseline)", baseline), ("the same with derived keys", keyed)] + [
        (f"import job, {rows:,} rows", runs[rows]) for rows in sizes]
    for label, run in lines:
        print(f"{label:<32}{run['rows']:>10,}{run['seconds']:>10.1f}{rate(run):>10,.0f}"
              f"{run['rss_peak_mb']:>10.0f}{run['rss_peak_mb'] - run['rss_before_mb']:>12.0f}")
    imported = rate(runs[args.rows])
    print(f"\nimport: {imported / rate(baseline):.3f}x the baseline's rows per second "
          f"({rate(baseline) / imported:.1f}x its time per row), {imported / rate(keyed):.3f}x the keyed "
          f"baseline's ({args.rows:,} rows)")
    if not args.skip_big:
        small, big = (runs[r]["rss_peak_mb"] - runs[r]["rss_before_mb"] for r in sizes)
        print(f"peak memory growth during the import: {small:.0f} MiB at {args.rows:,} rows, "
              f"{big:.0f} MiB at {args.big:,} rows ({big / max(small, 1):.2f}x for {args.big // args.rows}x the rows)")


if __name__ == "__main__":
    main()
