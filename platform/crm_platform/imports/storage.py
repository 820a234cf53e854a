"""Where uploaded import files live, and deleting them after CRM_IMPORT_TTL_HOURS.

Files are `<instance>/imports/<tenant_id>/<32 hex>.upload`: the random name
cannot be guessed, and nothing serves the folder; the batch row holds the name.
"""
import os
import re
import secrets
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import or_, select

from crm_platform.extensions import db
from crm_platform.models import ImportBatch, Job
from crm_platform.models.base import utcnow
from crm_platform.tenancy import current_tenant_id

_NAME = re.compile(r"^[0-9a-f]{32}\.upload$")
_COPY_BUFFER = 1024 * 1024


def import_folder(tenant_id):
    """The folder of one tenant's uploaded import files."""
    return Path(current_app.instance_path) / "imports" / str(int(tenant_id))


def save_upload(upload, tenant_id):
    """Stream an uploaded file (werkzeug FileStorage) to the tenant's folder; returns its stored name."""
    folder = import_folder(tenant_id)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.upload"
    partial = folder / (name + ".part")
    try:
        with open(partial, "wb") as out:
            upload.save(out, buffer_size=_COPY_BUFFER)
        os.replace(partial, folder / name)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return name


def stored_path(tenant_id, name):
    """The path of a stored upload, or None when `name` is not one of ours."""
    if not isinstance(name, str) or not _NAME.match(name):
        return None
    return import_folder(tenant_id) / name


def upload_path(batch):
    """The path of a batch's uploaded file, or None once it is deleted."""
    return stored_path(batch.tenant_id, batch.stored_name)


def delete_upload(batch):
    """Delete a batch's uploaded file (the batch and its report stay)."""
    path = upload_path(batch)
    if path is not None:
        path.unlink(missing_ok=True)
    batch.stored_name = None


def sweep_import_files(now=None):
    """Delete the current tenant's import files older than CRM_IMPORT_TTL_HOURS; returns how many.

    A batch's file goes once the batch has been idle that long and no run of
    it is queued or running (finished, failed, or never started); a batch that
    was never started goes with it, since it has nothing to report. Files no
    batch names (an upload whose request failed) go by their age. Meant for a
    periodic job run per tenant.
    """
    now = now or utcnow()
    cutoff = now - timedelta(hours=float(current_app.config["CRM_IMPORT_TTL_HOURS"]))
    busy = select(Job.id).where(Job.status.in_(("queued", "running")))
    stale = db.session.scalars(select(ImportBatch).where(
        ImportBatch.stored_name.is_not(None), ImportBatch.updated_at <= cutoff,
        or_(ImportBatch.job_id.is_(None), ImportBatch.job_id.not_in(busy)))).all()
    deleted = 0
    for batch in stale:
        delete_upload(batch)
        deleted += 1
        if batch.started_at is None:
            db.session.delete(batch)
    db.session.commit()
    return deleted + _sweep_orphans(cutoff)


def _sweep_orphans(cutoff):
    """Delete files of the tenant's folder that no batch names, once older than `cutoff`."""
    folder = import_folder(current_tenant_id())
    if not folder.is_dir():
        return 0
    named = set(db.session.scalars(select(ImportBatch.stored_name).where(ImportBatch.stored_name.is_not(None))))
    limit = cutoff.timestamp()
    deleted = 0
    for path in folder.iterdir():
        if path.name not in named and path.is_file() and path.stat().st_mtime <= limit:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
