"""Signed links that set a password: invitations and password resets.

A token is itsdangerous' URLSafeTimedSerializer over {tenant, user, fingerprint}:
signed with SECRET_KEY and a salt per purpose (an invitation token is no reset
token), timed (the validity comes from the settings), and bound to a fingerprint
of the user's password hash, email, active flag and activation time at issue
time. Setting a password, changing the email, or deactivating the user (even
if reactivated later) changes it, so every link issued before dies: links are
single-use without a table of used tokens.
"""
import hashlib
import hmac
import json
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from crm_platform.extensions import db
from crm_platform.models import User
from crm_platform.tenancy import tenant_scope

# What a link is bound to: a change to any of these columns kills it. `active_since`
# changes at reactivation, so a deactivation kills links for good.
BOUND_TO = ("password_hash", "email", "active", "active_since")


@dataclass(frozen=True)
class Purpose:
    """What a kind of link is for: its salt and the setting that says how long it is valid."""

    salt: str
    setting: str
    seconds_per_unit: int


PURPOSES = {
    "invite": Purpose("crm-invitation", "CRM_INVITATION_VALID_HOURS", 3600),
    "reset": Purpose("crm-password-reset", "CRM_PASSWORD_RESET_VALID_MINUTES", 60),
}


class InvalidLink(Exception):
    """The link cannot be used; `expired` tells a link that is too old from a wrong, used or replaced one."""

    def __init__(self, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def fingerprint(user, password_hash=None):
    """A short digest of `user`'s BOUND_TO values (`password_hash`: one about to be stored instead).

    The payload is signed, not encrypted, so the values themselves never travel.
    """
    values = {name: getattr(user, name) for name in BOUND_TO}
    if password_hash is not None:
        values["password_hash"] = password_hash
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:16]


def unchanged(user):
    """SQL criteria that hold while `user`'s row still has the BOUND_TO values of this object.

    A write made on the strength of a link carries them, so a link used twice
    at the same moment changes the row once (auth/login.py store_password_hash).
    """
    return [getattr(User, name) == getattr(user, name) for name in BOUND_TO]


def valid_seconds(purpose):
    """How long a link of `purpose` is valid, from the settings."""
    spec = PURPOSES[purpose]
    return current_app.config[spec.setting] * spec.seconds_per_unit


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=PURPOSES[purpose].salt)


def make_token(purpose, user, password_hash=None):
    """A token for a link of `purpose` to `user`, valid until it expires or what it is bound to changes.

    `password_hash`: the value the link is for when it is stored only after the mail is sent.
    """
    return _serializer(purpose).dumps({"t": user.tenant_id, "u": user.id, "f": fingerprint(user, password_hash)})


def read_token(purpose, token):
    """(tenant_id, user_id, fingerprint) from a token of `purpose`; InvalidLink when it is not one, or too old."""
    try:
        data = _serializer(purpose).loads(token, max_age=valid_seconds(purpose))
    except SignatureExpired as exc:
        raise InvalidLink(expired=True) from exc
    except BadSignature as exc:
        raise InvalidLink() from exc
    if not (isinstance(data, dict) and isinstance(data.get("t"), int) and isinstance(data.get("u"), int)
            and isinstance(data.get("f"), str)):
        raise InvalidLink()
    return data["t"], data["u"], data["f"]


@contextmanager
def link_user(purpose, token):
    """Inside the link's tenant scope, the active user the link was issued to; InvalidLink otherwise.

    The tenant comes from the signed token, which is the principal here (nobody
    is signed in); the scope ends with the block, not with the request.
    """
    tenant_id, user_id, issued_for = read_token(purpose, token)
    with tenant_scope(tenant_id, user_id):
        user = db.session.get(User, user_id)
        if user is None or not user.active or not hmac.compare_digest(fingerprint(user), issued_for):
            raise InvalidLink()
        yield user
