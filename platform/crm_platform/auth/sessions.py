"""Server-side login sessions and the principal (user + tenant) of each request.

The cookie carries a random session token; the database keeps its hash. Logging
in always makes a new token (a fresh session id), and deleting rows ends
sessions on the server: logout ends one, a password change ends all others.
"""
from datetime import timedelta

from flask import request
from sqlalchemy import delete, select

from crm_platform.auth.tokens import digest, new_secret
from crm_platform.extensions import db, login_manager
from crm_platform.models import ApiToken, LoginSession, User
from crm_platform.models.base import utcnow
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


@login_manager.user_loader
def load_user_from_session(token):
    """Flask-Login callback: the user behind a login-session token, or None."""
    with unscoped("resolve login session to its tenant", routine=True):
        row = db.session.scalar(select(LoginSession).where(LoginSession.token_hash == digest(token)))
        user = db.session.get(User, row.user_id) if row else None
    principal = _principal(user, token)
    if principal is not None and _stale(row.last_seen_at):
        # Written at most once a minute so that page views stay reads.
        row.last_seen_at = utcnow()
        db.session.commit()
    return principal


@login_manager.request_loader
def load_user_from_bearer(req):
    """Flask-Login callback: the user behind an `Authorization: Bearer` API token."""
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    with unscoped("resolve API token to its tenant", routine=True):
        row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(header[7:].strip())))
        user = db.session.get(User, row.user_id) if row else None
    if row is None:
        return None
    principal = _principal(user, None)
    if principal is not None and _stale(row.last_used_at):
        row.last_used_at = utcnow()
        db.session.commit()
    return principal


def _stale(moment):
    if moment is None:
        return True
    return utcnow() - moment > timedelta(minutes=1)

