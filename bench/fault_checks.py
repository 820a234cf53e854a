"""What bench/faults.py checks after each fault: jobs settled, rows neither lost nor doubled, files whole.

The checks read the database with plain SQL on the engine (the bench is a
bystander, not a request), each on the soak's workspace (`tenant_id = :t`).
"""
import csv
import time
from collections import Counter

from sqlalchemy import bindparam, text

from crm_platform.extensions import db
from crm_platform.jobs.recovery import recover_stale_jobs


def rows(app, sql, **params):
    """The rows of one read-only statement."""
    statement = text(sql)
    for name, value in params.items():
        if isinstance(value, (list, tuple, set)):
            statement = statement.bindparams(bindparam(name, expanding=True))
    with app.app_context(), db.engine.connect() as conn:
        return conn.execute(statement, params).all()


def running_jobs(app):
    """{(job id, attempts): kind} of the rows marked running now."""
    return {(row.id, row.attempts): row.kind for row in rows(app, "SELECT id, attempts, kind FROM jobs "
                                                             "WHERE status = 'running'")}


def pending_jobs(app):
    """{id: (status, progress)} of the rows still queued or running, in every workspace."""
    return {row.id: (row.status, row.progress_done) for row in rows(
        app, "SELECT id, status, progress_done FROM jobs WHERE status IN ('queued', 'running')")}


def jobs_by_id(app, tenant_id, ids):
    """{id: row} of the workspace's jobs `ids` (kind, status, error, result)."""
    if not ids:
        return {}
    found = rows(app, "SELECT id, kind, status, error, result, params, attempts FROM jobs "
                      "WHERE tenant_id = :t AND id IN :ids", t=tenant_id, ids=list(ids))
    return {row.id: row for row in found}


def drain(app, workers, idle=60, cap=1800):
    """Let the workers run until no job is queued or running; returns the ids of those stuck.

    Stuck: nothing pending changed (status or progress) for `idle` seconds, or
    still pending after `cap`. Recovery is also run by hand every 2 s (what
    `crm jobs recover` does), as the workers' own tick would once a minute:
    rows of killed workers and pushes Redis lost are what it is for.
    """
    started = changed = time.monotonic()
    last = None
    while True:
        workers.supervise()
        with app.app_context():
            recover_stale_jobs()
        pending = pending_jobs(app)
        now = time.monotonic()
        if pending != last:
            last, changed = pending, now
        if not pending or now - changed > idle or now - started > cap:
            return sorted(pending)
        time.sleep(2)


def name_counts(app, tenant_id, prefix):
    """{name: how many customers carry it} for the workspace's names starting with `prefix`."""
    found = rows(app, "SELECT name, count(*) AS n FROM customers WHERE tenant_id = :t AND name LIKE :p "
                      "GROUP BY name", t=tenant_id, p=prefix + "%")
    return {row.name: row.n for row in found}


def existing_ids(app, tenant_id, ids):
    """The customer ids of `ids` that exist in the workspace."""
    if not ids:
        return set()
    return {row.id for row in rows(app, "SELECT id FROM customers WHERE tenant_id = :t AND id IN :ids",
                                   t=tenant_id, ids=list(ids))}


def rows_check(app, tenant_id, prefix, expected, refused=()):
    """Lost and duplicated rows: {"expected", "lost", "duplicated", "refused_but_written"} over names `prefix`*."""
    counts = name_counts(app, tenant_id, prefix)
    return {"expected": len(expected),
            "lost": sorted(name for name in expected if name not in counts),
            "duplicated": sorted(name for name, n in counts.items() if n > 1),
            "refused_but_written": sorted(name for name in refused if name in counts)}


def export_problems(instance_path, tenant_id, job):
    """What is wrong with a finished export's file (missing, row count, a customer twice), as strings."""
    path = instance_path / "exports" / str(tenant_id) / (job.result or {}).get("file", "?")
    if not path.exists():
        return [f"export {job.id}: its file {path.name} is missing"]
    with open(path, newline="", encoding="utf-8-sig") as handle:
        ids = [line[0] for line in csv.reader(handle)][1:]
    problems = []
    if len(ids) != job.result["rows"]:
        problems.append(f"export {job.id}: {len(ids)} rows in the file, {job.result['rows']} in its result")
    twice = [customer for customer, n in Counter(ids).items() if n > 1]
    if twice:
        problems.append(f"export {job.id}: {len(twice)} customers written twice")
    return problems


def settled(jobs):
    """Problems with job rows that should be over: not finished, or failed without a reason."""
    problems = []
    for job in jobs:
        if job.status not in ("finished", "failed"):
            problems.append(f"job {job.id} ({job.kind}) is still {job.status}")
        elif job.status == "failed" and not job.error:
            problems.append(f"job {job.id} ({job.kind}) failed without a reason")
    return problems
