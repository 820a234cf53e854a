"""Merging two customers that are the same: the page (a confirmation first) and the API."""
from flask import Blueprint

bp = Blueprint("merge", __name__, url_prefix="/customers")

from crm_platform.merge import routes  # noqa: E402,F401  (registers the views)
