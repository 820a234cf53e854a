"""Roles: each gives a customer-visibility scope and a set of permissions.

The core defines admin, executive, manager and rep; plugins add more with
`register_role` (the set is open, so users store roles as plain names). Each app
has its own table, seeded with the core's roles, so a plugin's roles live and
die with the app that loaded it.
"""
from dataclasses import dataclass, field
from functools import wraps

from flask import current_app, has_app_context
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required as page_login_required
from werkzeug.exceptions import Forbidden

SCOPES = ("all", "unit", "own")


@dataclass(frozen=True)
class Role:
    """A named role: its visibility scope and what it may do."""

    name: str
    label: str
    scope: str
    permissions: frozenset = field(default_factory=frozenset)


_CORE_ROLES = {}


def _table(app=None):
    """The role table of `app` (default: the current app); outside any app, the core's."""
    if app is None and has_app_context():
        app = current_app
    if app is None:
        return _CORE_ROLES
    return app.extensions.setdefault("crm_roles", dict(_CORE_ROLES))


def register_role(role, app=None):
    """Add or replace a role definition in `app` (default: the current app)."""
    if role.scope not in SCOPES:
        raise ValueError(f"unknown scope {role.scope!r}")
    _table(app)[role.name] = role


def get_role(name):
    """The Role called `name`, or None."""
    return _table().get(name)


def role_names():
    """Names of every registered role, in registration order."""
    return list(_table())


def all_roles():
    """Every registered Role, in registration order."""
    return list(_table().values())


def has_permission(user, permission):
    """True when `user`'s role grants `permission`."""
    role = get_role(user.role)
    return role is not None and permission in role.permissions


def role_scope(user):
    """The customer scope of `user`'s role ("all", "unit" or "own"), or None for an inactive user or unknown role."""
    role = get_role(user.role)
    return role.scope if role is not None and user.active else None


def require_permission(user, permission):
    """Refuse with 403 unless `user`'s role grants `permission`."""
    if not has_permission(user, permission):
        raise Forbidden(_("Your role does not allow this."))


def permission_required(permission, login_required=page_login_required):
    """Decorate a view: `login_required` turns away who is not signed in, then 403 without `permission`.

    Pages keep Flask-Login's redirect to the sign-in page; the API passes its own
    `login_required`, which answers 401 JSON instead.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            require_permission(current_user, permission)
            return view(*args, **kwargs)

        return wrapper

    return decorator


_CUSTOMER_ADMIN = {"customers.delete", "customers.reassign"}
# Posting announcements: to the company or any unit for all-scope roles, to their unit subtree for managers;
# `announcements.manage` edits and deletes anyone's (announcements/access.py).
_POST = "announcements.post"
register_role(Role("admin", _l("Administrator"), "all",
                   frozenset({"users.manage", "units.manage", "audit.view", "modules.manage", "workspace.manage",
                              *_CUSTOMER_ADMIN, _POST, "announcements.manage"})))
register_role(Role("executive", _l("Executive"), "all", frozenset({*_CUSTOMER_ADMIN, _POST})))
register_role(Role("manager", _l("Manager"), "unit", frozenset({*_CUSTOMER_ADMIN, _POST})))
register_role(Role("rep", _l("Sales rep"), "own", frozenset()))
