"""Customers: the list, the customer file, contacts, timeline and shares (pages and API)."""
from flask import Blueprint

bp = Blueprint("customers", __name__, url_prefix="/customers")

from crm_platform.customers import bulk_routes, record_routes, routes  # noqa: E402,F401  (registers the views)
