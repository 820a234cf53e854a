"""API for password resets by email: ask for a link, then set the new password with its token."""
from flask_babel import gettext as _
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields

from crm_platform.auth.password_links import RESET_REQUESTED, NewPasswordSchema, ResetRequestSchema, \
    request_password_reset, set_password
from crm_platform.mail.tokens import InvalidLink, link_user

blp = Blueprint("password_reset_api", __name__, description="Password reset by email")


class MessageSchema(Schema):
    """A sentence for people."""

    message = fields.Str()


@blp.route("/auth/password-reset", methods=["POST"])
@blp.arguments(ResetRequestSchema)
@blp.response(202, MessageSchema)
@blp.doc(security=[])
def request_reset(data):
    """Email a reset link when an active account matches; the answer is the same when none does (429, 503)."""
    request_password_reset(data["workspace"], data["email"])
    return {"message": str(RESET_REQUESTED)}


@blp.route("/auth/password-reset/confirm", methods=["POST"])
@blp.arguments(NewPasswordSchema)
@blp.response(204)
@blp.doc(security=[])
def confirm_reset(data):
    """Set a new password with the token from a reset email; the user's sessions end and API tokens are revoked."""
    try:
        with link_user("reset", data["token"]) as user:
            set_password(user, data["password"])
    except InvalidLink as err:
        message = (_("This link has expired; ask for a new one.") if err.expired else
                   _("This link is not valid: it was already used, the password or account changed since it was "
                     "sent, or it is incomplete."))
        abort(422, messages={"json": {"token": [message]}})
