"""Passwords set through emailed links: asking for a reset, and redeeming a reset or invitation link.

Shared by the pages (auth/password_link_routes.py) and the API
(auth/password_reset_api.py). The links themselves are mail/tokens.py's.
"""
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import fields, validate
from sqlalchemy import select
from werkzeug.exceptions import TooManyRequests

from crm_platform.auth.passwords import hash_password
from crm_platform.auth.sessions import end_other_sessions
from crm_platform.auth.throttle import account_key, throttle
from crm_platform.extensions import db
from crm_platform.mail.jobs import require_queue, send_later
from crm_platform.models import Tenant, User
from crm_platform.schemas import BaseSchema
from crm_platform.tenancy import tenant_scope, unscoped

# The one answer to every accepted reset request, whether or not the account exists.
RESET_REQUESTED = _l("If an active account with this email exists in this workspace, we have sent it a link "
                     "to choose a new password. Check your mail; the link works once, for a limited time.")


class ResetRequestSchema(BaseSchema):
    """Whose password to reset: the workspace and the email, as at sign-in."""

    workspace = fields.Str(required=True, validate=validate.Length(min=1, max=63))
    email = fields.Str(required=True, validate=validate.Length(min=1, max=254))


class NewPasswordSchema(BaseSchema):
    """The token from an emailed link and the password to set (the account page's rules)."""

    token = fields.Str(required=True, load_only=True, validate=validate.Length(min=1, max=1000))
    password = fields.Str(required=True, load_only=True, validate=validate.Length(min=8, max=200))


def request_password_reset(workspace, email):
    """Queue a reset mail when an active account matches; the caller answers RESET_REQUESTED either way.

    The throttle (429) and the Redis check (503) come before the account is
    looked up, so neither answer says whether it exists; after the look-up the
    only difference is one queued job, and the message is built by the worker.
    """
    verdict = throttle.reserve_buckets(throttle.password_reset_buckets(account_key(workspace, email)))
    if not verdict.allowed:
        raise TooManyRequests(_("Too many password reset requests. Try again later."), retry_after=verdict.retry_after)
    require_queue()
    with unscoped("a password reset request looks up the workspace and the account", routine=True):
        user = db.session.scalar(
            select(User).join(Tenant, Tenant.id == User.tenant_id)
            .where(Tenant.slug == workspace.strip().lower(), User.email == email.strip().lower(),
                   User.active.is_(True))
        )
    if user is None:
        return
    # The workspace sends it (no user of its own asked), so the job has no user.
    with tenant_scope(user.tenant_id):
        send_later("reset", user)


def set_password(user, password):
    """Give `user` (in their tenant's scope) a new password; every session of theirs ends and old links die."""
    user.password_hash = hash_password(password)
    end_other_sessions(user)
    db.session.commit()
