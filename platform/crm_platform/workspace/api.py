"""API for the workspace's name and settings: everyone reads them, admins change them."""
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from crm_platform.api.auth import login_required, permission_required
from crm_platform.workspace.schemas import WorkspaceSchema
from crm_platform.workspace.service import update_workspace, workspace_values
from crm_platform.workspace.settings import current_tenant

blp = Blueprint("workspace_api", __name__, description="The workspace's name, time zone and care reminders")


@blp.route("/workspace")
class Workspace(MethodView):
    """The caller's workspace."""

    @login_required
    @blp.response(200, WorkspaceSchema)
    def get(self):
        """Read the workspace: name, slug, time zone and care reminder days (clients need them to read dates)."""
        return workspace_values(current_tenant())

    @permission_required("workspace.manage")
    @blp.arguments(WorkspaceSchema(partial=True))
    @blp.response(200, WorkspaceSchema)
    def patch(self, data):
        """Change the name, time zone or care reminder days (audited); a new N applies from the next daily run."""
        tenant = current_tenant()
        update_workspace(current_user, tenant, data)
        return workspace_values(tenant)
