"""A customer's history: the audit entries of the customer and of what hangs off it, readable (page and API)."""
from flask import Blueprint

bp = Blueprint("history", __name__, url_prefix="/customers")

from crm_platform.history import routes  # noqa: E402,F401  (registers the views)
