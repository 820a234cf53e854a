"""API of batch optimisation under /api/v1/dispatch/batches: preview a plan, read it, commit it."""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, api_permission_required, current_user, lazy_gettext as _l

from plugins.task_dispatch.batch import service
from plugins.task_dispatch.batch.schemas import DispatchBatchCreateSchema, DispatchBatchSchema
from plugins.task_dispatch.blueprints import api_blueprint
from plugins.task_dispatch.permissions import DISPATCH

blp = api_blueprint("batch", __name__, _l("Task dispatch: batch"))


@blp.route("/dispatch/batches")
class Batches(MethodView):
    """Previewing the optimal assignment of many unassigned tasks."""

    decorators = [api_login_required]

    @api_permission_required(DISPATCH)
    @blp.arguments(DispatchBatchCreateSchema)
    @blp.response(201, DispatchBatchSchema)
    @blp.alt_response(400, description="More than 2,000 tasks.")
    def post(self, data):
        """Preview the plan that maximises the priority-weighted tasks assigned, then the total score (stored)."""
        return service.preview_batch(current_user, data["task_ids"])


@blp.route("/dispatch/batches/<int:batch_id>")
class BatchItem(MethodView):
    """One of the caller's batches."""

    decorators = [api_login_required]

    @api_permission_required(DISPATCH)
    @blp.response(200, DispatchBatchSchema)
    def get(self, batch_id):
        """Read a batch: its plan and summary."""
        return service.batch_or_404(current_user, batch_id)


@blp.route("/dispatch/batches/<int:batch_id>/commit")
class BatchCommit(MethodView):
    """Applying a previewed plan."""

    decorators = [api_login_required]

    @api_permission_required(DISPATCH)
    @blp.response(200, DispatchBatchSchema)
    @blp.alt_response(409, description="Something changed since the preview: the batch is now stale.")
    def post(self, batch_id):
        """Assign every planned task as previewed, each with its stored explanation, in one transaction."""
        return service.commit_batch(current_user, batch_id)
