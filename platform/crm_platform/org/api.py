"""API for org units and users."""
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import select

from crm_platform.api.auth import login_required, permission_required
from crm_platform.api.pagination import keyset_page
from crm_platform.auth.api import TokenPageSchema
from crm_platform.auth.api_tokens import token_or_404, tokens_of
from crm_platform.extensions import db
from crm_platform.jobs.schemas import JobSchema
from crm_platform.models import OrgUnit, User
from crm_platform.org import invitations, service
from crm_platform.org.queries import user_query
from crm_platform.org.schemas import OrgUnitPageSchema, OrgUnitSchema, UserPageSchema, UserQuerySchema, UserSchema
from crm_platform.schemas import QuerySchema

blp = Blueprint("org_api", __name__, description="Org units and users")


@blp.route("/org-units")
class OrgUnits(MethodView):
    """The org chart."""

    @login_required
    @blp.arguments(QuerySchema, location="query")
    @blp.response(200, OrgUnitPageSchema)
    def get(self, args):
        """List org units in chart order (by path)."""
        items, cursor = keyset_page(select(OrgUnit), [OrgUnit.path, OrgUnit.id], False,
                                    args.get("cursor"), args["limit"], types=[str, int])
        return {"items": items, "next_cursor": cursor}

    @permission_required("units.manage")
    @blp.arguments(OrgUnitSchema)
    @blp.response(201, OrgUnitSchema)
    def post(self, data):
        """Add an org unit under a parent."""
        return service.create_unit(data)


@blp.route("/org-units/<int:unit_id>")
class OrgUnitItem(MethodView):
    """One org unit."""

    @login_required
    @blp.response(200, OrgUnitSchema)
    def get(self, unit_id):
        """Read an org unit."""
        return db.get_or_404(OrgUnit, unit_id)

    @permission_required("units.manage")
    @blp.arguments(OrgUnitSchema(partial=True))
    @blp.response(200, OrgUnitSchema)
    def patch(self, data, unit_id):
        """Rename or move an org unit."""
        return service.update_unit(db.get_or_404(OrgUnit, unit_id), data)

    @permission_required("units.manage")
    @blp.response(204)
    def delete(self, unit_id):
        """Delete an empty org unit (409 while it has sub-units or users)."""
        service.delete_unit(db.get_or_404(OrgUnit, unit_id))


@blp.route("/users")
class Users(MethodView):
    """The workspace's users."""

    @login_required
    @blp.arguments(UserQuerySchema, location="query")
    @blp.response(200, UserPageSchema)
    def get(self, args):
        """List users (everyone may list colleagues, e.g. to pick an owner)."""
        items, cursor = keyset_page(user_query(args), [User.id], False, args.get("cursor"), args["limit"])
        return {"items": items, "next_cursor": cursor}

    @permission_required("users.manage")
    @blp.arguments(UserSchema)
    @blp.response(201, UserSchema)
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")  # invitations sent, per workspace and address
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def post(self, data):
        """Add a user with a role and an org unit; without a password they are emailed an invitation (503: Redis down)."""
        return invitations.add_user(data, current_user)


@blp.route("/users/<int:user_id>")
class UserItem(MethodView):
    """One user."""

    @login_required
    @blp.response(200, UserSchema)
    def get(self, user_id):
        """Read a user."""
        return db.get_or_404(User, user_id)

    @permission_required("users.manage")
    @blp.arguments(UserSchema(partial=True))
    @blp.response(200, UserSchema)
    def patch(self, data, user_id):
        """Change a user's details, role, unit, password or active flag."""
        return service.update_user(db.get_or_404(User, user_id), data)

    @permission_required("users.manage")
    @blp.response(204)
    def delete(self, user_id):
        """Deactivate a user: they are signed out and their records stay."""
        service.update_user(db.get_or_404(User, user_id), {"active": False})


@blp.route("/users/<int:user_id>/invitation", methods=["POST"])
@permission_required("users.manage")
@blp.response(202, JobSchema)
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
@blp.alt_response(503, response="SERVICE_UNAVAILABLE")
def resend_invitation(user_id):
    """Email a user who has not chosen a password a new invitation; earlier links stop working (409 otherwise)."""
    return invitations.resend(db.get_or_404(User, user_id), current_user)


@blp.route("/users/<int:user_id>/tokens")
@permission_required("users.manage")
@blp.response(200, TokenPageSchema)
def user_tokens(user_id):
    """List a user's API tokens, never their secrets (admins)."""
    return {"items": tokens_of(db.get_or_404(User, user_id).id), "next_cursor": None}


@blp.route("/users/<int:user_id>/tokens/<int:token_id>", methods=["DELETE"])
@permission_required("users.manage")
@blp.response(204)
def revoke_user_token(user_id, token_id):
    """Revoke one of a user's API tokens (admins): programs using it stop working at once; audited."""
    db.session.delete(token_or_404(db.get_or_404(User, user_id).id, token_id))
    db.session.commit()


@blp.route("/me")
@login_required
@blp.response(200, UserSchema)
def me():
    """The signed-in user."""
    return current_user
