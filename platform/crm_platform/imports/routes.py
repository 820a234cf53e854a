"""Import pages: upload a file, map its columns, preview, run, and watch the progress bar.

The same service, mapping and planner as the API decide everything; these
views only turn them into pages. A batch is its uploader's alone (404 for
anyone else).
"""
from itertools import islice

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError
from werkzeug.exceptions import Conflict, Gone, RequestEntityTooLarge
from werkzeug.routing import BuildError

from crm_platform.api.auth import protect_cookie_writes
from crm_platform.extensions import csrf, db
from crm_platform.forms import field_errors
from crm_platform.imports import bp, mapping as mappings
from crm_platform.imports.customers import CUSTOMERS
from crm_platform.imports.kinds import available_kinds, batch_kind, chosen_kind, get_import_kind
from crm_platform.imports.parsing import data_rows
from crm_platform.imports.service import (
    batch_job, batch_status, check_on_duplicate, create_batch, max_upload_bytes, own_batch_or_404, preview,
    requeue_import, start_import, too_large,
)
from crm_platform.imports.storage import upload_path
from crm_platform.jobs.fairness import TooManyJobs
from crm_platform.jobs.queue import JobsUnavailable

SAMPLE_ROWS = 3


@bp.context_processor
def _labels():
    """Labels of the row outcomes, and the link back to a kind's list, for every import template."""
    return {"action_labels": {"create": _l("Create"), "update": _l("Update"), "skip": _l("Skip"),
                              "fail": _l("Fail")},
            "list_url": _list_url}


def _list_url(kind):
    """The URL of the page listing `kind`'s records, or None when it has none here."""
    try:
        return url_for(kind.list_endpoint) if kind.list_endpoint else None
    except BuildError:
        return None


def _kind_page(template, kind, **context):
    """Render an import page of `kind`, with its field and duplicate labels."""
    return render_template(template, kind=kind, field_labels=kind.field_labels(),
                           duplicate_labels=kind.duplicate_labels(), **context)


def _upload_page(kind, errors=None, status=200):
    """The upload page for `kind`, with the kinds to choose from, the field errors of a refused file and the limit."""
    limit = f"{max_upload_bytes() / 1024 / 1024:g}"
    kinds = [(choice.key, choice.label) for choice in available_kinds(current_user)]
    return _kind_page("imports/upload.html", kind, errors=errors or {}, limit=limit, kinds=kinds), status


@bp.route("/new", methods=["GET", "POST"])
@csrf.exempt  # checked below, once the upload limit is raised: the global check would read the body first
@login_required
def new():
    """Upload a CSV or .xlsx file of customers (or, ?kind=, another kind of record); the mapping page comes next."""
    if request.method == "GET":
        try:
            return _upload_page(chosen_kind(request.args.get("kind"), current_user))
        except ValidationError as err:
            return _upload_page(CUSTOMERS, field_errors(err), 404)
    request.max_content_length = max_upload_bytes()
    kind = CUSTOMERS
    try:
        protect_cookie_writes()
        kind = chosen_kind(request.form.get("kind"), current_user)
        batch = create_batch(current_user, request.files.get("file"), require_name=False, kind=kind)
    except RequestEntityTooLarge:
        return _upload_page(kind, {"file": too_large().description}, 413)
    except ValidationError as err:
        db.session.rollback()
        return _upload_page(kind, field_errors(err), 422)
    db.session.commit()
    return redirect(url_for(".mapping", batch_id=batch.id))


def _draft_or_redirect(batch_id):
    """(batch, None) for a batch not started yet; (batch, a redirect to its run page) otherwise.

    409 when the module of the batch's kind was disabled: its draft cannot go on.
    """
    batch = own_batch_or_404(current_user, batch_id)
    if batch.started_at is not None:
        return batch, redirect(url_for(".status", batch_id=batch.id))
    batch_kind(batch)
    return batch, None


def _samples(batch):
    """The first few data rows, to show next to each column on the mapping page."""
    path = upload_path(batch)
    if path is None or not path.is_file():
        return []
    with data_rows(path, batch) as rows:
        return [cells for _number, cells in islice(rows, SAMPLE_ROWS)]


@bp.route("/<int:batch_id>/mapping", methods=["GET", "POST"])
@login_required
def mapping(batch_id):
    """Choose the field each column goes to (suggested from the headers) and what to do with duplicates."""
    batch, moved = _draft_or_redirect(batch_id)
    if moved:
        return moved
    kind = batch_kind(batch)
    values = {f"column-{index}": batch.mapping.get(header, "") for index, header in enumerate(batch.headers)}
    values["on_duplicate"] = batch.on_duplicate
    errors, status = {}, 200
    if request.method == "POST":
        values = dict(request.form)
        given = {header: request.form.get(f"column-{index}") or None for index, header in enumerate(batch.headers)}
        on_duplicate = request.form.get("on_duplicate", "skip")
        try:
            check_on_duplicate(kind, on_duplicate)
            batch.mapping = mappings.resolve(batch.headers, given, kind=kind)
            batch.on_duplicate = on_duplicate
        except ValidationError as err:
            db.session.rollback()
            errors, status = field_errors(err), 422
        else:
            db.session.commit()
            return redirect(url_for(".preview_page", batch_id=batch.id))
    page = _kind_page("imports/mapping.html", kind, batch=batch, values=values, errors=errors,
                      samples=_samples(batch), field_choices=list(kind.field_labels().items()))
    return page, status


@bp.route("/<int:batch_id>/preview")
@login_required
def preview_page(batch_id):
    """The first rows as they would be imported: errors, duplicates and what happens to each."""
    batch, moved = _draft_or_redirect(batch_id)
    if moved:
        return moved
    kind = batch_kind(batch)
    missing = [field for field in kind.required() if field not in batch.mapping.values()]
    if missing:
        flash(kind.mapping_problem(missing), "error")
        return redirect(url_for(".mapping", batch_id=batch.id))
    path = upload_path(batch)
    if path is None or not path.is_file():  # swept after CRM_IMPORT_TTL_HOURS: say so rather than fail
        return _kind_page("imports/preview.html", kind, batch=batch, gone=True, plans=[], links={}, columns=[])
    plans, links = preview(batch, current_user)
    columns = [(index, header, batch.mapping[header]) for index, header in enumerate(batch.headers)
               if header in batch.mapping]
    return _kind_page("imports/preview.html", kind, batch=batch, gone=False, plans=plans, links=links,
                      columns=columns)


@bp.route("/<int:batch_id>/run", methods=["POST"])
@login_required
def run(batch_id):
    """Start the import as a background job."""
    batch, moved = _draft_or_redirect(batch_id)
    if moved:
        return moved
    try:
        start_import(batch, current_user)
    except (JobsUnavailable, TooManyJobs) as exc:
        flash(str(exc.description), "error")
        return redirect(url_for(".preview_page", batch_id=batch.id))
    except Conflict:
        pass  # started by another click meanwhile: its page shows that run
    return redirect(url_for(".status", batch_id=batch.id))


@bp.route("/<int:batch_id>")
@login_required
def status(batch_id):
    """The import's progress bar (it polls the jobs API), then its counts and error report; a draft links to its preview."""
    batch = own_batch_or_404(current_user, batch_id)
    job = batch_job(batch)
    # A kind whose plugin is no longer installed is shown with the customers' labels: only its counts remain.
    return _kind_page("imports/status.html", get_import_kind(batch.kind) or CUSTOMERS, batch=batch, job=job,
                      status=batch_status(batch, job))


@bp.route("/<int:batch_id>/resume", methods=["POST"])
@login_required
def resume(batch_id):
    """Run a failed import again; it continues after the last chunk it committed."""
    batch = own_batch_or_404(current_user, batch_id)
    batch_kind(batch)  # 409 when its module was disabled
    job = batch_job(batch)
    if job is None or job.status != "failed":
        flash(_("Only an import whose run failed can be run again."), "error")
    else:
        try:
            requeue_import(batch)
        except (JobsUnavailable, TooManyJobs, Conflict, Gone) as exc:
            flash(str(exc.description), "error")
        else:
            flash(_("The import runs again from row %(row)s.", row=batch.rows_done + 2), "success")
    return redirect(url_for(".status", batch_id=batch.id))
