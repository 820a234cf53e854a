"""Personal API tokens as rows: issued, listed and revoked, for the account page, the admins' pages and the API.

Tokens are audited (models/auth.py): whoever makes or revokes one, its owner or
an admin, is in the trail, and its secret never is.
"""
from flask import abort
from sqlalchemy import select

from crm_platform.auth.tokens import digest, new_secret
from crm_platform.extensions import db
from crm_platform.models import ApiToken


def issue_token(user, name):
    """Create a token for `user`; returns (row, raw token)."""
    raw = new_secret("crm")
    row = ApiToken(tenant_id=user.tenant_id, user_id=user.id, name=name, token_hash=digest(raw), prefix=raw[:10])
    db.session.add(row)
    db.session.commit()
    return row, raw


def tokens_of(user_id, newest_first=False):
    """The API tokens of user `user_id`, oldest first unless `newest_first`."""
    order = (ApiToken.created_at.desc(), ApiToken.id.desc()) if newest_first else (ApiToken.created_at, ApiToken.id)
    return db.session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(*order)).all()


def token_or_404(user_id, token_id):
    """Token `token_id` of user `user_id`; 404 for any other, another user's or workspace's included."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id))
    if row is None:
        abort(404)
    return row


def revoke_all(user_id):
    """Revoke every API token of user `user_id`, each one in the audit trail. Not committed."""
    for row in tokens_of(user_id):
        db.session.delete(row)
