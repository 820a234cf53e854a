"""Sign-in: passwords, server-side login sessions, API tokens, throttling."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from crm_platform.auth import password_link_routes, routes  # noqa: E402,F401  (registers the views)
