"""Authentication and permission checks for API views."""
from functools import wraps

from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user

from crm_platform import roles
from crm_platform.extensions import csrf


def login_required(view):
    """API views need a valid bearer token (or session); 401 JSON otherwise."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            abort(401, _("Sign in or send 'Authorization: Bearer <token>'."))
        protect_cookie_writes()
        return view(*args, **kwargs)

    return wrapper


def protect_cookie_writes():
    """A write made with the session cookie needs the CSRF token, like a form.

    The API blueprints are exempt from CSRF because bearer tokens are never sent
    by a browser on its own; the session cookie is, so it gets the check back.
    """
    if current_user.session_token and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


def permission_required(permission):
    """API views that need a role permission: 401 JSON when not signed in, 403 without it."""
    return roles.permission_required(permission, login_required)


def allowed_first(check, into=None):
    """Run `check(**path_parameters)` before the view reads its body (put it above `@blp.arguments`).

    `check` raises the caller's denial (403, or 404 for a record out of sight) where the
    right to act depends on the record: a caller who may not act gets that, not a 422 that
    would tell them what the operation expects. It runs after `login_required` above it.
    With `into`, `check` returns the record it found and the view receives it as the
    keyword argument `into`, rather than reading it a second time.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            checked = check(**kwargs)
            if into is not None:
                if checked is None:  # a check that forgot to return its record must not pass None on
                    raise RuntimeError(f"allowed_first(into={into!r}): the check returned no record")
                kwargs[into] = checked
            return view(*args, **kwargs)

        return wrapper

    return decorator
