"""Running an import batch: its rows in chunks, each chunk one transaction with its checkpoint.

Per chunk: plan the rows (planning.py), move the batch's checkpoint
(`rows_done` and the counts), have the batch's ImportKind add the created
records and change the updated ones, and add a report line per failed row;
`ctx.progress` then commits all of it at once. A run that starts again (a
killed worker, "Run again", or RQ running the job twice) continues after the
checkpoint, so no row is imported twice. The kind hears of a chunk once it is
committed (customers: plugins hear `crm_customer_created` /
`crm_customer_updated`); a run killed between the commit and that loses it.
Customers run as the `customer_import` job kind; a plugin's import kind has a
job kind of its own (kinds.py).
"""
from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import insert, update

from crm_platform.extensions import db
from crm_platform.imports import customers
from crm_platform.imports.kinds import get_import_kind, is_available
from crm_platform.imports.parsing import data_rows
from crm_platform.imports.planning import Planner
from crm_platform.imports.storage import sweep_import_files, upload_path
from crm_platform.jobs.kinds import JobSuperseded, register_kind
from crm_platform.jobs.schedules import Schedule, register_schedule
from crm_platform.models import ImportBatch, ImportRowError
from crm_platform.models.base import utcnow

KIND = customers.CUSTOMERS.job_kind()
SWEEP_KIND = "customer_import_sweep"


class ImportRunConflict(JobSuperseded):
    """Another run of the same batch took over (it moved the checkpoint first, or is the batch's newer job).

    Not a failure: the batch goes on in the other run, and this one stops
    without writing (the runner stops quietly on JobSuperseded).
    """


def _counts(plans):
    """{"created", "updated", "skipped", "failed"}: how many of a chunk's rows each outcome has."""
    actions = [plan.action for plan in plans]
    return {"created": actions.count("create"), "updated": actions.count("update"), "skipped": actions.count("skip"),
            "failed": actions.count("fail")}


def apply_plans(kind, batch_id, plans, user):
    """Write a chunk's plans into the session (no commit); returns (created, {record: changes}).

    The ImportKind adds the records to create all at once (customers: in
    set-based statements), then changes the updated ones row by row in file
    order (customers: the customer service's own no-commit step, as the API
    and the pages do); a row updating a record created earlier in the chunk
    finds it created. The report lines go in one INSERT.
    """
    creating = [plan for plan in plans if plan.action == "create"]
    created = kind.create_many(user, [plan.fields for plan in creating])
    for plan, record in zip(creating, created):
        plan.record = record
    changed = {}
    for plan in plans:
        if plan.action != "update":
            continue
        target = plan.match.record if plan.matched_row else plan.match
        plan.record = target
        changes = kind.update(user, target, plan.fields)
        if target not in created and changes:
            # Two rows changing one record make one event: first old value, last new one.
            merged = changed.setdefault(target, {})
            for key, (old, new) in changes.items():
                merged[key] = [merged.get(key, [old])[0], new]
    failed = [{"batch_id": batch_id, "row_number": plan.number, "reason": plan.error, "values": plan.cells}
              for plan in plans if plan.action == "fail"]
    if failed:
        db.session.execute(insert(ImportRowError), failed)
    return created, changed


def _superseded():
    """The ImportRunConflict of a run that another run of its batch got ahead of."""
    return ImportRunConflict(_("Another run of this import got ahead of this one; this run stopped."))


def _checkpoint(batch_id, job_id, rows_before, rows_after, counts):
    """Move the checkpoint from `rows_before` to `rows_after` with the counts; refuse if another run moved it.

    Only the batch's current job may move it: a run of an older job ("Run
    again" queued a newer one) never writes, however the two interleave.
    """
    result = db.session.execute(
        update(ImportBatch).where(ImportBatch.id == batch_id, ImportBatch.job_id == job_id,
                                  ImportBatch.rows_done == rows_before).values(
            rows_done=rows_after,
            created_count=ImportBatch.created_count + counts["created"],
            updated_count=ImportBatch.updated_count + counts["updated"],
            skipped_count=ImportBatch.skipped_count + counts["skipped"],
            failed_count=ImportBatch.failed_count + counts["failed"],
        ).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise _superseded()


def _chunks(rows, size):
    """Lists of up to `size` rows: a chunk is the only list of rows ever held."""
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_import(ctx):
    """Import batch ctx.params["batch_id"] from its checkpoint on, as ctx.user; returns the counts."""
    batch = db.session.get(ImportBatch, ctx.params["batch_id"])
    if batch is None:
        raise LookupError(f"import batch {ctx.params['batch_id']} is gone")
    path = upload_path(batch)
    if path is None or not path.is_file():
        raise FileNotFoundError(_("The uploaded file of this import was deleted; upload it again."))
    if batch.job_id != ctx.job_id:
        raise _superseded()  # "Run again" made a newer job the batch's run before this one started
    kind = get_import_kind(batch.kind)
    if kind is None or not is_available(kind):
        raise RuntimeError(_("The module that imports this kind of record is disabled for this workspace, "
                             "so this import cannot go on."))
    batch_id, total = batch.id, batch.total_rows
    ctx.progress(batch.rows_done, total)  # a resumed run's bar starts at its checkpoint
    planner = Planner(batch, ctx.user, kind)
    size = max(1, int(current_app.config["CRM_IMPORT_CHUNK_SIZE"]))
    done = batch.rows_done
    with data_rows(path, batch, skip=done) as rows:
        for chunk in _chunks(rows, size):
            plans = planner.plan(chunk)
            # The checkpoint moves first: a run that another run got ahead of stops before it writes
            # anything (and, on SQLite, before it takes the write lock).
            _checkpoint(batch_id, ctx.job_id, done, done + len(chunk), _counts(plans))
            created, changed = apply_plans(kind, batch_id, plans, ctx.user)
            done += len(chunk)
            ctx.progress(done, total)  # one commit: the chunk's checkpoint, records and report lines
            kind.committed(created, changed)
    db.session.execute(update(ImportBatch).where(
        ImportBatch.id == batch_id, ImportBatch.job_id == ctx.job_id, ImportBatch.finished_at.is_(None))
        .values(finished_at=utcnow()).execution_options(synchronize_session=False))
    db.session.commit()
    batch = db.session.get(ImportBatch, batch_id)  # expired by the commit: read afresh
    return {"batch_id": batch_id, "rows": batch.rows_done, **batch.counts}


def sweep_uploads(ctx):
    """Delete this workspace's import files idle for longer than CRM_IMPORT_TTL_HOURS (an hourly schedule)."""
    return {"deleted": sweep_import_files()}


register_kind(KIND, run_import, customers.CUSTOMERS.job_label(), timeout=6 * 3600, idempotent=True)
register_kind(SWEEP_KIND, sweep_uploads, _l("Old import files sweep"), timeout=600, idempotent=True)
register_schedule(Schedule(SWEEP_KIND, SWEEP_KIND, every=3600))
