"""Uploaded files kept for any record (a customer's attachment, a plugin's): checked, capped, stored and served.

One implementation for the core's customer attachments and every plugin's
(through the SDK): the type is decided by the name's extension and confirmed by
sniffing (content.py), the size is capped at CRM_ATTACHMENT_MAX_MB, the file lies
under the tenant's folder (storage.py). A stored file whose transaction rolls
back is removed with it; a file forgotten (its row deleted) goes once the
transaction commits.
"""
from dataclasses import dataclass
from functools import wraps

from flask import abort, current_app, request, send_file
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from crm_platform.api.auth import protect_cookie_writes
from crm_platform.attachments.content import SNIFF_BYTES, checked_type
from crm_platform.attachments.storage import attachment_path, forget_file, keep_unless_rolled_back, save_file
from crm_platform.extensions import csrf
from crm_platform.tenancy import current_tenant_id

NAME_LENGTH = 255
# Room for the multipart framing and the CSRF field around the file itself.
FORM_OVERHEAD = 64 * 1024


@dataclass(frozen=True)
class StoredFile:
    """A checked upload on disk: its clean name, checked type, size in bytes and the random name it is stored under."""

    name: str
    content_type: str
    size: int
    stored_name: str


def max_bytes():
    """The largest attachment accepted (CRM_ATTACHMENT_MAX_MB)."""
    return int(float(current_app.config["CRM_ATTACHMENT_MAX_MB"]) * 1024 * 1024)


def too_large():
    """The 413 of a file over CRM_ATTACHMENT_MAX_MB, saying the limit."""
    limit = float(current_app.config["CRM_ATTACHMENT_MAX_MB"])
    return RequestEntityTooLarge(_("The file is larger than %(limit)s MB.", limit=f"{limit:g}"))


def allow_large_body():
    """Let this request's body reach the attachment cap before anything reads it (forms default to less)."""
    request.max_content_length = max_bytes() + FORM_OVERHEAD


def upload_view(view):
    """Decorate a view taking a file: the body may reach the cap, CSRF is checked for cookie sign-ins, 413 past it.

    The global CSRF check would read the body under the default limit before
    the view raised it; this view reads it itself, once allowed.
    """
    @wraps(view)
    def wrapper(*args, **kwargs):
        allow_large_body()
        try:
            protect_cookie_writes()
            request.files  # noqa: B018  (parse the body now, so an oversized one is the cap's 413)
        except RequestEntityTooLarge as exc:
            raise too_large() from exc
        return view(*args, **kwargs)

    return csrf.exempt(wrapper)


def store_upload(upload):
    """Check and store `upload` (a werkzeug FileStorage) in the tenant's folder; a StoredFile.

    ValidationError on `file` for no file or a refused type, the cap's 413 when
    too large; nothing is stored then. The file is removed again if the
    transaction that should keep its row rolls back.
    """
    if upload is None or not upload.filename:
        raise ValidationError({"file": [_("Choose a file to attach.")]})
    name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:NAME_LENGTH]
    content_type = checked_type(name, upload.stream.read(SNIFF_BYTES))
    upload.stream.seek(0)
    tenant_id = current_tenant_id()
    stored_name, size = save_file(upload.stream, tenant_id, max_bytes())
    if stored_name is None:
        raise too_large()
    keep_unless_rolled_back(tenant_id, stored_name)
    return StoredFile(name, content_type, size, stored_name)


def forget_stored_file(stored_name):
    """Remove the tenant's stored file once the current transaction commits (kept if it rolls back)."""
    forget_file(current_tenant_id(), stored_name)


def stored_file_or_404(stored_name, tenant_id=None):
    """The path of a stored file of the tenant (default: the current one); 404 if it is gone from the disk."""
    path = attachment_path(current_tenant_id() if tenant_id is None else tenant_id, stored_name)
    if path is None or not path.is_file():
        abort(404)
    return path


def send_stored_file(stored_name, name, content_type, tenant_id=None):
    """The stored file as a download called `name` of type `content_type`; the browser neither sniffs nor renders it."""
    response = send_file(stored_file_or_404(stored_name, tenant_id), mimetype=content_type, as_attachment=True,
                         download_name=name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Opened anyway (a PDF viewer tab), it runs no script and reaches nothing of ours.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
