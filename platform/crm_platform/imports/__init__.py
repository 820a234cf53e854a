"""Customer import from CSV and .xlsx: upload, map columns, preview, then a job in chunks (docs/imports.md)."""
from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/imports")
