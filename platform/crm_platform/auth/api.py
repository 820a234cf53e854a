"""API for personal API tokens: create with credentials, list, revoke."""
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint, abort
from marshmallow import fields, validate
from crm_platform.api import NO_STORE_HEADER, error_response, no_store
from crm_platform.api.auth import protect_cookie_writes, login_required
from crm_platform.auth.api_tokens import issue_token, token_or_404, tokens_of
from crm_platform.auth.login import SignInError, authenticate
from crm_platform.extensions import db
from crm_platform.schemas import BaseSchema, Password, page_schema

# issue_token is the testing kit's way to make tokens (crm_platform/testing/world.py).
__all__ = ["blp", "issue_token", "TokenPageSchema", "TokenRequestSchema", "TokenSchema"]

blp = Blueprint("tokens_api", __name__, description="Personal API tokens")
# Every answer here may hold a secret (a new token) or says who holds tokens.
blp.after_request(no_store)


class TokenRequestSchema(BaseSchema):
    """Credentials for a new token, or (when signed in) just a name."""

    workspace = fields.Str(validate=validate.Length(max=63))
    email = fields.Str(validate=validate.Length(max=254))
    password = Password(load_only=True, validate=validate.Length(max=200))
    name = fields.Str(load_default="API token", validate=validate.Length(min=1, max=100))


class TokenSchema(BaseSchema):
    """A token; `token` is present only in the answer that created it."""

    id = fields.Int()
    name = fields.Str()
    prefix = fields.Str(metadata={"description": "the first characters, to tell tokens apart"})
    token = fields.Str(metadata={"description": "shown once; store it now"})
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)


TokenPageSchema = page_schema(TokenSchema, "TokenPage")


@blp.route("/tokens")
class Tokens(MethodView):
    """The caller's API tokens."""

    # Credentials in the body, or none and a bearer token or session: both the
    # body and the authentication are optional, one of the two is needed.
    @blp.arguments(TokenRequestSchema, required=False)
    @blp.response(201, TokenSchema, headers=NO_STORE_HEADER)
    @blp.doc(security=[{}, {"bearer": []}])
    def post(self, data):
        """Create a token with {workspace, email, password}, or as the signed-in user."""
        if data.get("password") is not None or not current_user.is_authenticated:
            missing = {k: [_("Missing data for required field.")] for k in ("workspace", "email", "password")
                       if not data.get(k)}
            if missing:
                abort(422, messages={"json": missing})
            try:
                user = authenticate(data["workspace"], data["email"], data["password"])
            except SignInError as err:
                headers = {"Retry-After": str(err.retry_after)} if err.retry_after else None
                return error_response(err.status, err.message, headers=headers)
        else:
            # No password: the caller's credentials are the session cookie (or a token).
            protect_cookie_writes()
            user = current_user
        row, raw = issue_token(user, data["name"])
        return {"id": row.id, "name": row.name, "prefix": row.prefix, "token": raw, "created_at": row.created_at}

    @login_required
    @blp.response(200, TokenPageSchema)
    def get(self):
        """List the caller's tokens (never their secrets)."""
        return {"items": tokens_of(current_user.id), "next_cursor": None}


@blp.route("/tokens/<int:token_id>", methods=["DELETE"])
@login_required
@blp.response(204)
def revoke(token_id):
    """Revoke one of the caller's tokens."""
    db.session.delete(token_or_404(current_user.id, token_id))
    db.session.commit()
