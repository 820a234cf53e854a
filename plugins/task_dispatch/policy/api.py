"""API of the policy feature, under /api/v1/dispatch/policy: the policy in force, saving, preview and versions."""
from flask.views import MethodView

from crm_platform.sdk import api_permission_required, current_user, db, lazy_gettext as _l

from plugins.task_dispatch.blueprints import api_blueprint
from plugins.task_dispatch.permissions import CONFIGURE, DISPATCH
from plugins.task_dispatch.policy import service
from plugins.task_dispatch.policy.schemas import (
    DispatchPolicyInputSchema, DispatchPolicyPreviewInputSchema, DispatchPolicyPreviewSchema, DispatchPolicySchema,
    DispatchPolicyVersionPageSchema, DispatchPolicyVersionQuerySchema, DispatchPolicyVersionSchema,
)

blp = api_blueprint("policy", __name__, _l("Task dispatch: policy"))


@blp.route("/dispatch/policy")
class PolicyInForce(MethodView):
    """The workspace's dispatch policy: whoever dispatches reads it, admins save new versions."""

    @api_permission_required(DISPATCH)
    @blp.response(200, DispatchPolicySchema)
    def get(self):
        """The policy in force: version, weights, parameters, every factor (built-in and plugins') with its weight."""
        return service.in_force()

    @api_permission_required(CONFIGURE)
    @blp.arguments(DispatchPolicyInputSchema)
    @blp.response(200, DispatchPolicySchema)
    def put(self, data):
        """Save the next version; weights and parameters left out keep their values in force (422 on a bad value)."""
        service.save_policy(current_user, data["weights"], data["parameters"], data.get("note"))
        db.session.commit()
        return service.in_force()


@blp.route("/dispatch/policy/preview")
class Preview(MethodView):
    """A proposed policy tried on the recent tasks."""

    @api_permission_required(CONFIGURE)
    @blp.arguments(DispatchPolicyPreviewInputSchema)
    @blp.response(200, DispatchPolicyPreviewSchema)
    def post(self, data):
        """The `limit` latest tasks (open ones first): top candidates now and under the proposal; nothing saved."""
        return service.preview(service.proposed_policy(data["weights"], data["parameters"]), data["limit"])


@blp.route("/dispatch/policy/versions")
class Versions(MethodView):
    """Every saved version of the policy."""

    @api_permission_required(DISPATCH)
    @blp.arguments(DispatchPolicyVersionQuerySchema, location="query")
    @blp.response(200, DispatchPolicyVersionPageSchema)
    def get(self, args):
        """The versions, newest first, each with who saved it, when, the note, and its changes."""
        rows, next_cursor = service.version_page(args)
        return {"items": service.described(rows), "next_cursor": next_cursor}


@blp.route("/dispatch/policy/versions/<int:version>")
class VersionItem(MethodView):
    """One saved version."""

    @api_permission_required(DISPATCH)
    @blp.response(200, DispatchPolicyVersionSchema)
    def get(self, version):
        """A saved version's weights and parameters, who saved it, and what it changed from the one before."""
        return service.described([service.version_or_404(version)])[0]
