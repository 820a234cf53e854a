"""The signed-in user's own account: password, API tokens and signed-in browsers."""
from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from crm_platform.account import preferences, routes  # noqa: E402,F401  (registers the views)
