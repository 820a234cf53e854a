"""Signup API: `POST /api/v1/signup`."""
from flask_smorest import Blueprint

from crm_platform.api import NO_STORE_HEADER, no_store
from crm_platform.auth.api_tokens import issue_token
from crm_platform.extensions import db
from crm_platform.tenancy import set_scope
from tenants.provisioning import create_workspace
from tenants.schemas import SignupResultSchema, SignupSchema

blp = Blueprint("signup_api", __name__, description="Self-service signup")
# The answer holds the new admin's API token.
blp.after_request(no_store)


@blp.route("/signup", methods=["POST"])
@blp.arguments(SignupSchema)
@blp.response(201, SignupResultSchema, headers=NO_STORE_HEADER)
@blp.doc(security=[])
def signup(data):
    """Open a workspace; answers with the tenant, its admin and an API token."""
    tenant, admin = create_workspace(**data)
    # Signup arrives with no principal, and the token is tenant-owned: without the new
    # workspace in scope its insert would fail closed.
    set_scope(tenant.id, admin.id)
    db.session.commit()
    _, token = issue_token(admin, "signup")
    return {"tenant": tenant, "user": admin, "token": token}
