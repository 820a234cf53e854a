"""Customer export API: start an export job, download its CSV or .xlsx (its own user only, for a limited time)."""
from flask import abort, send_file
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

from crm_platform.api.auth import login_required
from crm_platform.customers.export import KIND, export_file, is_expired
from crm_platform.customers.schemas import CustomerFiltersSchema
from crm_platform.extensions import db
from crm_platform.jobs.queue import enqueue
from crm_platform.jobs.schemas import JobSchema
from crm_platform.models import Job
from crm_platform.tables import FORMATS, MIMETYPES

blp = Blueprint("exports_api", __name__, description="Customer exports to CSV or Excel (.xlsx)")


class ExportRequestSchema(CustomerFiltersSchema):
    """The customer list's filters and the file's format."""

    format = fields.Str(load_default="csv", validate=validate.OneOf(FORMATS),
                        metadata={"description": "csv (UTF-8 with a BOM) or xlsx"})


@blp.route("/exports", methods=["POST"])
@login_required
@blp.arguments(ExportRequestSchema)
@blp.response(202, JobSchema)
def start_export(filters):
    """Queue a CSV or .xlsx export of the customers the caller may see that match the filters; 503 when Redis is down."""
    return enqueue(KIND, current_user, filters)


@blp.route("/exports/<int:job_id>/download")
@login_required
@blp.response(200, content_type="text/csv")
@blp.alt_response(200, content_type=MIMETYPES["xlsx"], success=True, description="an .xlsx export")
def download(job_id):
    """Download a finished export: its own user only (anyone else: 404); 410 once expired."""
    job = db.session.get(Job, job_id)
    if job is None or job.kind != KIND or job.user_id != current_user.id:
        abort(404)
    if job.status != "finished":
        abort(409, _("This export has not finished yet."))
    path = export_file(job)
    if is_expired(job):
        if path is not None:
            path.unlink(missing_ok=True)
        abort(410, _("This export has expired; start a new export."))
    if path is None or not path.is_file():
        abort(410, _("This export's file is no longer available; start a new export."))
    stamp = job.finished_at or job.created_at
    fmt = path.suffix.lstrip(".")
    return send_file(path, mimetype=MIMETYPES[fmt], as_attachment=True,
                     download_name=f"customers-{stamp:%Y%m%d-%H%M}.{fmt}", max_age=0)
