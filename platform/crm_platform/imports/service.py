"""Import batches: from an upload to a queued job, the preview, and running a batch again.

Shared by the API and the pages. A refused upload leaves nothing behind (no
file, no row); a batch is only ever read by the user who uploaded it.
"""
import json
from itertools import islice

from flask import abort, current_app
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import update
from werkzeug.exceptions import Conflict, Gone, RequestEntityTooLarge

from crm_platform.extensions import db
from crm_platform.imports import mapping as mappings
from crm_platform.imports import job  # noqa: F401  (registers the core's import job kinds)
from crm_platform.imports.customers import CUSTOMERS
from crm_platform.imports.kinds import batch_kind
from crm_platform.imports.parsing import analyse, data_rows, file_problem
from crm_platform.imports.planning import Planner
from crm_platform.imports.storage import delete_upload, save_upload, stored_path, upload_path
from crm_platform.jobs.fairness import TooManyJobs
from crm_platform.jobs.queue import JobsUnavailable, new_job, push_or_fail
from crm_platform.models import ImportBatch, Job, User
from crm_platform.models.base import utcnow

PREVIEW_ROWS = 20


def max_upload_bytes():
    """The largest upload accepted (CRM_IMPORT_MAX_MB)."""
    return int(float(current_app.config["CRM_IMPORT_MAX_MB"]) * 1024 * 1024)


def too_large():
    """The 413 of an upload over CRM_IMPORT_MAX_MB, with a message saying the limit."""
    limit = float(current_app.config["CRM_IMPORT_MAX_MB"])
    return RequestEntityTooLarge(_("The file is larger than %(limit)s MB; split it into smaller files.",
                                   limit=f"{limit:g}"))


def parse_mapping(text):
    """The `mapping` form field (JSON) as a dict, or None when absent; a field error when not JSON."""
    if text is None or not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ValidationError({"mapping": [_("The mapping is not valid JSON.")]}) from exc


def check_on_duplicate(kind, on_duplicate):
    """Refuse (on the `on_duplicate` field) a duplicate rule the ImportKind `kind` does not offer."""
    if on_duplicate not in kind.on_duplicate:
        raise ValidationError({"on_duplicate": [_("Choose what to do with duplicates: %(choices)s.",
                                                  choices=", ".join(kind.on_duplicate))]})


def create_batch(user, upload, given_mapping=None, on_duplicate="skip", require_name=True, kind=CUSTOMERS):
    """Store `upload`, read its first pass, and add (uncommitted) its batch of ImportKind `kind`.

    Nothing stays if it is refused.
    """
    check_on_duplicate(kind, on_duplicate)
    if upload is None or not upload.filename:
        raise file_problem(_("Choose a CSV or .xlsx file to import."))
    tenant_id = user.tenant_id
    name = save_upload(upload, tenant_id)
    path = stored_path(tenant_id, name)
    try:
        if path.stat().st_size > max_upload_bytes():
            raise too_large()
        found = analyse(path)
        chosen = mappings.resolve(found.headers, given_mapping, require_name=require_name, kind=kind)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    batch = ImportBatch(user_id=user.id, kind=kind.key, filename=upload.filename[-255:], stored_name=name, format=found.format,
                        encoding=found.encoding, delimiter=found.delimiter, headers=found.headers,
                        mapping=chosen, on_duplicate=on_duplicate, total_rows=found.total_rows)
    db.session.add(batch)
    db.session.flush()
    return batch


def own_batch_or_404(user, batch_id):
    """The batch if `user` uploaded it; anyone else's (or another tenant's) is the 404 of a missing one."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.user_id != user.id:
        abort(404)
    return batch


def batch_job(batch):
    """The batch's latest job, or None before it was started."""
    return db.session.get(Job, batch.job_id) if batch.job_id is not None else None


def batch_status(batch, job=None):
    """draft (not started), queued, running, finished or failed."""
    job = job or batch_job(batch)
    if job is None:
        return "draft"
    return job.status


def start_import(batch, user):
    """Queue the first run of a draft batch; 409 if it was started already or its kind's module is off, 503 when Redis is down."""
    job = new_job(batch_kind(batch).job_kind(), user, {"batch_id": batch.id})
    db.session.flush()
    # One conditional update claims the batch and names its run before the run
    # can start: a second click on Run (or another tab) matches no row.
    claimed = db.session.execute(update(ImportBatch).where(
        ImportBatch.id == batch.id, ImportBatch.started_at.is_(None)).values(started_at=utcnow(), job_id=job.id)
        .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.session.rollback()
        raise Conflict(_("This import has already been started."))
    db.session.commit()
    _push(job, batch.id, undo={"started_at": None, "job_id": None})  # a draft again, to be started later
    return job


def _push(job, batch_id, undo=None):
    """Push the committed `job`; when Redis is down, its row is failed (jobs.queue) and the claim undone.

    `undo` holds the batch's columns to restore, if that run was its claim.
    """
    try:
        push_or_fail(job)
    except JobsUnavailable:
        if undo:
            db.session.execute(update(ImportBatch).where(ImportBatch.id == batch_id, ImportBatch.job_id == job.id)
                               .values(**undo).execution_options(synchronize_session=False))
            db.session.commit()
        raise


def import_file(user, upload, given_mapping=None, on_duplicate="skip", kind=CUSTOMERS):
    """Upload and start at once (the API); on 503 or 429 (too many jobs) the batch and its file are deleted again."""
    batch = create_batch(user, upload, given_mapping, on_duplicate, kind=kind)
    db.session.commit()
    try:
        return start_import(batch, user)
    except (JobsUnavailable, TooManyJobs):
        delete_upload(batch)
        db.session.delete(batch)
        db.session.commit()
        raise


def requeue_import(batch):
    """Queue a new run of a started, unfinished batch as its user; it resumes after the checkpoint.

    For "Run again" after a failed run. The new run is claimed with one
    conditional update from the batch's current (failed) run, so of two
    concurrent clicks one queues a run and the other gets 409; from then on
    only the new run may move the checkpoint (job.py), so an older run that is
    somehow still going stops at its next chunk without writing.
    """
    if batch.finished_at is not None:
        raise Conflict(_("This import has finished; there is nothing left to run."))
    path = upload_path(batch)
    if path is None or not path.is_file():
        raise Gone(_("The uploaded file of this import was deleted; upload it again."))
    batch_id, last_job_id = batch.id, batch.job_id
    job = new_job(batch_kind(batch).job_kind(), db.session.get(User, batch.user_id), {"batch_id": batch_id})
    db.session.flush()
    claimed = db.session.execute(update(ImportBatch).where(
        ImportBatch.id == batch_id, ImportBatch.job_id == last_job_id, ImportBatch.finished_at.is_(None))
        .values(job_id=job.id).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.session.rollback()
        raise Conflict(_("This import is already running again."))
    db.session.commit()
    # When Redis is down the batch keeps the new, failed run: its error says why, and Run again stays offered.
    _push(job, batch_id)
    return job


def preview(batch, user, limit=PREVIEW_ROWS):
    """(plans of the first `limit` data rows, {matched record id: (text, url)} `user` may open) without writing."""
    path = upload_path(batch)
    if path is None or not path.is_file():
        raise Gone(_("The uploaded file of this import was deleted; upload it again."))
    with data_rows(path, batch) as rows:
        planner = Planner(batch, user)
        plans = planner.plan(islice(rows, limit))
    matched = {id(plan.match): plan.match for plan in plans if plan.match is not None and not plan.matched_row}
    return plans, planner.kind.match_links(user, list(matched.values()))
