"""Server-side login sessions and the principal (user + tenant) of each request.

The cookie carries a random session token; the database keeps its hash. Logging
in always makes a new token (a fresh session id), and deleting rows ends
sessions on the server: logout ends one, a password change ends all others.
"""
from datetime import timedelta
from functools import cache

from flask import request
from sqlalchemy import and_, bindparam, delete, func, select, update

from crm_platform.auth.tokens import digest, new_secret
from crm_platform.extensions import db, login_manager
from crm_platform.models import ApiToken, LoginSession, TenantModule, User
from crm_platform.models.base import utcnow
from crm_platform.modules.state import remember_enabled_names
from crm_platform.tenancy import set_scope, unscoped


def _principal(user, token):
    """Make `user` the principal of this request and enter their tenant's scope."""
    if user is None or not user.active:
        return None
    user.session_token = token
    set_scope(user.tenant_id, user.id)
    return user


def start_session(user):
    """Create a LoginSession for `user` and return the new raw token."""
    token = new_secret("s")
    db.session.add(LoginSession(
        tenant_id=user.tenant_id, user_id=user.id, token_hash=digest(token),
        ip=request.remote_addr, user_agent=(request.user_agent.string or "")[:300],
    ))
    user.last_login_at = utcnow()
    return token


def end_session(token):
    """Delete the LoginSession behind `token`."""
    db.session.execute(delete(LoginSession).where(LoginSession.token_hash == digest(token)))


def end_other_sessions(user, keep_token=None):
    """Delete every LoginSession of `user` except the one behind `keep_token`."""
    stmt = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep_token:
        stmt = stmt.where(LoginSession.token_hash != digest(keep_token))
    db.session.execute(stmt)


@cache
def _credential_statement(model):
    """The look-up of a credential of `model` by :token_hash, built once (see `_credential_row`)."""
    modules = (select(func.aggregate_strings(TenantModule.name, ","))
               .where(TenantModule.tenant_id == User.tenant_id, TenantModule.enabled.is_(True)).scalar_subquery())
    last_use = model.last_used_at if model is ApiToken else model.last_seen_at
    return (select(User, model.id, last_use, modules)
            .join(model, and_(model.user_id == User.id, model.tenant_id == User.tenant_id))
            .where(model.token_hash == bindparam("token_hash")))


def _credential_row(model, token_hash):
    """(user, the credential's id, its last use, the workspace's enabled modules as "a,b") for a hash, or None.

    One statement on the credential's unique hash: the user is joined, and the
    modules the workspace has on come with them, as every request needs them
    (a module's routes and menu items, the tenant hooks). Nothing is cached
    between requests, so a revoked credential or a deactivated user is refused
    on the very next request.
    """
    with unscoped("resolve a credential to its user and tenant", routine=True):
        return db.session.execute(_credential_statement(model), {"token_hash": token_hash}).first()


def _load(model, token_hash, raw_token):
    """The principal behind a credential hash, its last use written at most once a minute; None when refused."""
    found = _credential_row(model, token_hash)
    if found is None:
        return None
    user, credential_id, last_use, modules = found
    principal = _principal(user, raw_token)
    if principal is None:
        return None
    remember_enabled_names(user.tenant_id, modules.split(",") if modules else ())
    if _stale(last_use):
        # Written at most once a minute so that page views stay reads.
        column = "last_used_at" if model is ApiToken else "last_seen_at"
        db.session.execute(update(model).where(model.id == credential_id).values({column: utcnow()})
                           .execution_options(synchronize_session=False))
        db.session.commit()
    return principal


@login_manager.user_loader
def load_user_from_session(token):
    """Flask-Login callback: the user behind a login-session token, or None."""
    return _load(LoginSession, digest(token), token)


@login_manager.request_loader
def load_user_from_bearer(req):
    """Flask-Login callback: the user behind an `Authorization: Bearer` API token."""
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return _load(ApiToken, digest(header[7:].strip()), None)


def _stale(moment):
    if moment is None:
        return True
    return utcnow() - moment > timedelta(minutes=1)
