"""Files attached to customers: upload, list, download and delete (pages and API)."""
from flask import Blueprint

bp = Blueprint("attachments", __name__, url_prefix="/customers")

from crm_platform.attachments import routes  # noqa: E402,F401  (registers the views)
