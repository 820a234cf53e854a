"""Customer import from CSV and .xlsx: upload, map columns, preview, then a job in chunks (docs/imports.md)."""
from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/imports")

from crm_platform.imports import routes  # noqa: E402,F401  (registers the views)
