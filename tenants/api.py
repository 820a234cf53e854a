"""Signup API: `POST /api/v1/signup`."""
from flask_smorest import Blueprint

from crm_platform.auth.api import issue_token
from crm_platform.extensions import db
from crm_platform.tenancy import set_scope
from tenants.provisioning import create_workspace
from tenants.schemas import SignupResultSchema, SignupSchema

blp = Blueprint("signup_api", __name__, description="Self-service signup")


@blp.route("/signup", methods=["POST"])
@blp.arguments(SignupSchema)
@blp.response(201, SignupResultSchema)
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
