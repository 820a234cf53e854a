"""Passwords set through emailed links: asking for a reset, and redeeming a reset or invitation link.

Shared by the pages (auth/password_link_routes.py) and the API
(auth/password_reset_api.py). The links themselves are mail/tokens.py's.
"""
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import fields, validate
from sqlalchemy import select

from crm_platform.auth.api_tokens import revoke_all
from crm_platform.auth.login import replace_password
from crm_platform.auth.throttle import account_key, throttle
from crm_platform.extensions import db
from crm_platform.mail.jobs import request_reset_mail, require_queue, reserve_or_refuse
from crm_platform.mail.tokens import InvalidLink, unchanged
from crm_platform.models import Tenant
from crm_platform.schemas import BaseSchema, Password
from crm_platform.tenancy import tenant_scope

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
    password = Password(required=True, load_only=True, validate=validate.Length(min=8, max=200))


def request_password_reset(workspace, email):
    """Queue the look-up of the account and its reset mail; the caller answers RESET_REQUESTED either way.

    The throttle (429) and the Redis check (503) come first, so neither answer
    says whether the account exists. Then every request to an existing
    workspace does the same work, one job row and one push to Redis, whether or
    not the account exists: the account is looked up, and the mail built and
    sent, by the worker, where the time it takes is nobody's answer.
    """
    reserve_or_refuse(throttle.password_reset_buckets(account_key(workspace, email)),
                      _("Too many password reset requests. Try again later."))
    require_queue()
    # That a workspace exists is told only inside a throttle (signup's "taken", this one); its accounts never are.
    tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == workspace.strip().lower()))
    if tenant_id is None:
        return
    with tenant_scope(tenant_id):
        request_reset_mail(email)


def set_password(user, password):
    """Give `user` (in the link's scope) a new password: sessions end, API tokens are revoked, the link dies.

    The password is stored only if the user's row still has what the link is
    bound to, in one conditional UPDATE: of two requests with the same link at
    the same moment, the second is an InvalidLink rather than a second change.
    Tokens go because a link proves only access to the mailbox: whoever knew
    the old password may have made tokens, and the owner is taking the account back.
    """
    if not replace_password(user, password, only_if=unchanged(user)):
        db.session.rollback()
        raise InvalidLink()
    revoke_all(user.id)
    db.session.commit()
