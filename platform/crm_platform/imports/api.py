"""Import API: the kinds one may import, upload a file to import, read a batch, download its report, run it again."""
from functools import wraps

from flask import request, send_file
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.exceptions import Conflict, RequestEntityTooLarge

from crm_platform.api.auth import login_required
from crm_platform.imports.kinds import available_kinds, batch_kind, chosen_kind
from crm_platform.imports.report import write_report
from crm_platform.tables import MIMETYPES
from crm_platform.imports.schemas import (
    ImportBatchSchema, ImportKindSchema, ImportRequestSchema, ReportQuerySchema,
)
from crm_platform.imports.service import (
    batch_job, batch_status, import_file, max_upload_bytes, own_batch_or_404, parse_mapping, requeue_import,
    too_large,
)
from crm_platform.imports.storage import upload_path
from crm_platform.jobs.schemas import JobSchema


class UploadParser(FlaskParser):
    """Reads a multipart body's text fields along with its files, so one schema describes the whole upload."""

    def load_files(self, req, schema):
        """The request's files and form fields together."""
        return self._makeproxy(CombinedMultiDict([req.files, req.form]), schema)


class UploadBlueprint(Blueprint):
    """A blueprint whose `files` arguments include the form fields sent with them."""

    ARGUMENTS_PARSER = UploadParser()


blp = UploadBlueprint("imports_api", __name__,
                      description="Imports of customers (and of enabled modules' records) from CSV and .xlsx files")


def upload_limit(view):
    """Allow uploads up to CRM_IMPORT_MAX_MB on this view (413 with the limit beyond it)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        """The view, with the request's size limit raised first."""
        # Set before anything reads the body; it only sets a limit, so anonymous callers still get 401 first.
        request.max_content_length = max_upload_bytes()
        try:
            return view(*args, **kwargs)
        except RequestEntityTooLarge as exc:
            raise too_large() from exc

    return wrapper


def describe(batch):
    """A batch with its status, as ImportBatchSchema shows it."""
    return {**{key: getattr(batch, key) for key in (
        "id", "kind", "filename", "format", "headers", "mapping", "on_duplicate", "total_rows", "rows_done", "counts",
        "job_id", "created_at", "started_at", "finished_at")},
        "status": batch_status(batch), "file_available": upload_path(batch) is not None}


@blp.route("/imports", methods=["POST"])
@upload_limit
@login_required
@blp.arguments(ImportRequestSchema, location="files", unknown=RAISE)
@blp.response(202, JobSchema)
def start(args):
    """Import customers (or another kind) from a CSV or .xlsx file as a job; 422 for a file, kind or mapping that cannot be used."""
    kind = chosen_kind(args["kind"], current_user)
    return import_file(current_user, args["file"], parse_mapping(args["mapping"]), args["on_duplicate"], kind)


@blp.route("/imports/kinds")
@login_required
@blp.response(200, ImportKindSchema(many=True))
def kinds():
    """The kinds of record the user may import in this workspace, with their fields and duplicate rules."""
    return [{"key": kind.key, "label": str(kind.label), "on_duplicate": list(kind.on_duplicate),
             "import_fields": [{"name": name, "label": str(label), "required": name in kind.required()}
                        for name, label in kind.field_labels().items()]}
            for kind in available_kinds(current_user)]


@blp.route("/imports/<int:batch_id>")
@login_required
@blp.response(200, ImportBatchSchema)
def batch(batch_id):
    """Read an import batch: its own user only (anyone else: 404)."""
    return describe(own_batch_or_404(current_user, batch_id))


@blp.route("/imports/<int:batch_id>/errors")
@login_required
@blp.arguments(ReportQuerySchema, location="query")
@blp.response(200, content_type="text/csv")
@blp.alt_response(200, content_type=MIMETYPES["xlsx"], success=True, description="with format=xlsx")
def errors(args, batch_id):
    """Download the rows that were not imported, with the reason (CSV, or .xlsx with format=xlsx): its own user only."""
    found = own_batch_or_404(current_user, batch_id)
    fmt = args["format"]
    return send_file(write_report(found, fmt), mimetype=MIMETYPES[fmt], as_attachment=True, max_age=0,
                     download_name=f"import-{found.id}-errors.{fmt}")


@blp.route("/imports/<int:batch_id>/resume", methods=["POST"])
@login_required
@blp.response(202, JobSchema)
def resume(batch_id):
    """Run a failed import again from its checkpoint; 409 unless its last run failed."""
    found = own_batch_or_404(current_user, batch_id)
    batch_kind(found)  # 409 when its module was disabled
    job = batch_job(found)
    if job is None or job.status != "failed":
        raise Conflict(_("Only an import whose run failed can be run again."))
    return requeue_import(found)
