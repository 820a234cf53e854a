"""Checking credentials and starting or ending a signed-in session."""
from flask import session
from flask_babel import gettext as _, ngettext
from flask_login import login_user, logout_user
from sqlalchemy import select, update

from crm_platform.auth.passwords import hash_password, needs_rehash, verify_password
from crm_platform.auth.sessions import end_other_sessions, end_session, start_session
from crm_platform.auth.throttle import ThrottleUnavailable, account_key, throttle
from crm_platform.extensions import db
from crm_platform.models import Tenant, User
from crm_platform.schemas import is_storable
from crm_platform.tenancy import set_scope, unscoped


class SignInError(Exception):
    """Credentials were refused; `status` is 401, 429 when throttled, 503 when the throttle's storage is down."""

    def __init__(self, message, status=401, retry_after=0):
        super().__init__(message)
        self.message, self.status, self.retry_after = message, status, retry_after


def authenticate(workspace, email, password):
    """The active user with these credentials, or SignInError; every attempt is throttled."""
    key = account_key(workspace, email)
    try:
        verdict = throttle.reserve(key)
    except ThrottleUnavailable as exc:
        # Refused, not let through uncounted: guessing must not get easier while Redis is down.
        raise SignInError(str(exc.description), 503) from exc
    if not verdict.allowed:
        minutes = max(1, round(verdict.retry_after / 60))
        raise SignInError(ngettext("Too many sign-in attempts. Try again in %(num)d minute.",
                                   "Too many sign-in attempts. Try again in %(num)d minutes.", minutes),
                          429, verdict.retry_after)
    if not all(is_storable(text or "") for text in (workspace, email, password)):
        raise SignInError(_("Workspace, email or password is not right."))
    with unscoped("sign-in looks up the workspace and the account", routine=True):
        user = db.session.scalar(
            select(User).join(Tenant, Tenant.id == User.tenant_id)
            .where(Tenant.slug == (workspace or "").strip().lower(), User.email == (email or "").strip().lower())
        )
    if not verify_password(user.password_hash if user else None, password or "") or not user.active:
        raise SignInError(_("Workspace, email or password is not right."))
    throttle.succeeded(key)
    set_scope(user.tenant_id, user.id)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def sign_in(user):
    """Start a new server-side session for `user` in this browser (new session id)."""
    # A fresh session, except for the language picked with the switcher before signing in.
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    user.session_token = start_session(user)
    set_scope(user.tenant_id, user.id)
    login_user(user)
    db.session.commit()


def sign_out(user):
    """End this browser's server-side session."""
    if user.session_token:
        end_session(user.session_token)
        db.session.commit()
    logout_user()
    session.clear()


def store_password_hash(user, password_hash, only_if=()):
    """Write `password_hash` to `user`'s row when the SQL criteria `only_if` still hold; True when written.

    One conditional UPDATE, so that of two concurrent writes made on the same
    condition (the same emailed link) exactly one changes the row. Not committed.
    """
    result = db.session.execute(update(User).where(User.id == user.id, *only_if).values(password_hash=password_hash),
                                execution_options={"synchronize_session": "fetch"})
    return result.rowcount == 1


def replace_password(user, new_password, only_if=()):
    """Store a new password and end every session of `user` when `only_if` still holds; True when done. Not committed.

    The slow hash comes first, so the write transaction stays short.
    """
    if not store_password_hash(user, hash_password(new_password), only_if):
        return False
    end_other_sessions(user)
    return True


def change_password(user, new_password):
    """Set a new password, end every other session, and renew this one."""
    replace_password(user, new_password)
    db.session.flush()
    if user.session_token:
        sign_in(user)
    else:
        db.session.commit()
