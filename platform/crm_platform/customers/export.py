"""Customer export to CSV or .xlsx: the `customer_export` job kind and where its files live.

The job runs as the user who asked (tenant scope and visibility as in the list),
reads the customers in keyset batches ordered by id, and writes a UTF-8 CSV with
a BOM (so Excel reads Chinese text correctly) or an .xlsx workbook (params
`format`, see crm_platform/tables.py) under
`<instance>/exports/<tenant_id>/<job_id>-<token>.<csv|xlsx>`. Files expire after
`CRM_EXPORT_TTL_HOURS` (24 by default); see docs/jobs.md.
"""
import os
import re
import secrets
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from crm_platform.custom_fields.types import to_text
from crm_platform.custom_fields.values import definitions, raw_values
from crm_platform.customers.queries import count_customers, visible_customers
from crm_platform.extensions import db
from crm_platform.jobs.kinds import register_kind
from crm_platform.jobs.schedules import Schedule, register_schedule
from crm_platform.models import Customer, Job, User
from crm_platform.models.base import utcnow
from crm_platform.regions.location import location_names
from crm_platform.tables import FORMATS, open_table

KIND = "customer_export"
SWEEP_KIND = "customer_export_sweep"
EXPORT_TIMEOUT = 3600
CHUNK = 500
COLUMNS = ("id", "name", "kind", "status", "level", "region", "owner", "owner_email", "phone", "mobile", "email",
           "wechat", "website", "credit_code", "industry", "source", "province", "city", "district",
           "address", "tags", "care_date", "last_contacted_at", "next_follow_up_at", "created_at", "updated_at")
# OWASP CSV injection: cells starting with these are formulas to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FILE_NAME = re.compile(r"^\d+-[0-9a-f]{32}\.(csv|xlsx)$")
_ANY_EXPORT_FILE = re.compile(r"^(\d+)-[0-9a-f]{32}\.(csv|xlsx)(\.part)?$")


def escape_cell(value):
    """The cell as text, with a leading single quote when a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def customer_row(customer):
    """The CSV cells of one customer, in COLUMNS order, escaped."""
    owner = customer.owner
    values = (customer.id, customer.name, customer.kind, customer.status, customer.level, customer.region,
              owner.name if owner else None, owner.email if owner else None, customer.phone, customer.mobile,
              customer.email, customer.wechat, customer.website, customer.credit_code, customer.industry, customer.source,
              *location_names(customer), customer.address, "; ".join(customer.tags), customer.care_date,
              customer.last_contacted_at, customer.next_follow_up_at, customer.created_at, customer.updated_at)
    return [escape_cell(value) for value in values]


def custom_cells(customer, fields, emails):
    """The CSV cells of a customer's custom fields (one per field, users by email so a re-import finds them)."""
    found = raw_values("customer", customer.custom_value_rows)
    return [escape_cell(emails.get(found.get(field.key)) if field.type == "user"
                        else to_text(field, found.get(field.key))) for field in fields]


def export_folder(tenant_id):
    """The folder of one tenant's export files."""
    return Path(current_app.instance_path) / "exports" / str(int(tenant_id))


def export_file(job):
    """The path of a finished export job's file, or None when its result names no valid file."""
    name = (job.result or {}).get("file")
    if not isinstance(name, str) or not _FILE_NAME.match(name):
        return None
    return export_folder(job.tenant_id) / name


def expires_at(job):
    """When the export's file expires (aware datetime), or None when unknown."""
    value = (job.result or {}).get("expires_at")
    try:
        when = datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
    return when.replace(tzinfo=timezone.utc) if when and when.tzinfo is None else when


def is_expired(job, now=None):
    """True when the export's file may no longer be downloaded."""
    when = expires_at(job)
    return when is None or when <= (now or utcnow())


def is_downloadable(job):
    """A finished, unexpired export: the Jobs page shows its download link."""
    return job.kind == KIND and job.status == "finished" and not is_expired(job)


def export_customers(ctx):
    """Write the customers ctx.user may see that match ctx.params to a CSV or .xlsx; returns rows, file, expires_at."""
    filters = dict(ctx.params or {})
    fmt = filters.pop("format", None) or "csv"
    if fmt not in FORMATS:  # the API validated it; the name below must never hold anything else
        raise ValueError(f"unknown export format {fmt!r}")
    fields = definitions("customer")
    emails = dict(db.session.execute(select(User.id, User.email)).all()) if any(
        field.type == "user" for field in fields) else {}
    total = count_customers(ctx.user, filters)
    ctx.progress(0, total)
    folder = export_folder(ctx.tenant_id)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{ctx.job_id}-{secrets.token_hex(16)}.{fmt}"
    final, partial = folder / name, folder / (name + ".part")
    rows = 0
    try:
        with open_table(partial, fmt, "customers") as writer:
            writer.writerow(COLUMNS + tuple(field.param for field in fields))
            last_id = 0
            while True:
                # Keyset batches rather than one open cursor: progress commits between them.
                stmt = visible_customers(ctx.user, filters).where(Customer.id > last_id) \
                    .order_by(Customer.id).limit(CHUNK)
                batch = db.session.scalars(stmt).all()
                if not batch:
                    break
                writer.writerows(customer_row(customer) + custom_cells(customer, fields, emails)
                                 for customer in batch)
                rows += len(batch)
                last_id = batch[-1].id
                ctx.progress(rows, max(total, rows))
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    ttl = float(current_app.config["CRM_EXPORT_TTL_HOURS"])
    ctx.progress(rows, rows)
    return {"rows": rows, "file": name, "expires_at": (utcnow() + timedelta(hours=ttl)).isoformat()}


def sweep_expired_exports(ctx):
    """Delete this tenant's export files whose job finished more than CRM_EXPORT_TTL_HOURS ago; returns counts.

    Files nobody downloads again would otherwise stay for ever. Also deleted:
    files whose job no longer exists, and leftovers of an attempt that a killed
    worker abandoned (a `.part`, or a file the job's result does not name),
    once older than the TTL and an export's timeout, so never one being written.
    """
    folder = export_folder(ctx.tenant_id)
    files = []
    for path in folder.glob("*") if folder.is_dir() else ():
        match = _ANY_EXPORT_FILE.match(path.name)
        if match:
            files.append((path, int(match.group(1))))
    jobs = {job.id: job for job in db.session.scalars(
        select(Job).where(Job.kind == KIND, Job.id.in_({job_id for _, job_id in files})))}
    now = utcnow()
    ttl = timedelta(hours=float(current_app.config["CRM_EXPORT_TTL_HOURS"]))
    leftover_age = max(ttl, timedelta(seconds=EXPORT_TIMEOUT))
    deleted = 0
    for path, job_id in files:
        job = jobs.get(job_id)
        if job is not None and job.status == "finished" and export_file(job) == path:
            expired = job.finished_at <= now - ttl
        else:
            modified = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
            expired = job is None or modified <= now - leftover_age
        if expired:
            path.unlink(missing_ok=True)
            deleted += 1
    ctx.progress(len(files), len(files))
    return {"deleted": deleted, "kept": len(files) - deleted}


register_kind(KIND, export_customers, _l("Customer export"), timeout=EXPORT_TIMEOUT, idempotent=True)
register_kind(SWEEP_KIND, sweep_expired_exports, _l("Expired export files sweep"), timeout=600, idempotent=True)
register_schedule(Schedule(SWEEP_KIND, SWEEP_KIND, every=3600))
