"""The pipelines and stages API under /api/v1/sales/pipelines: anyone reads them, `sales.configure` changes them."""
from flask.views import MethodView
from marshmallow import ValidationError

from crm_platform.sdk import api_login_required, api_permission_required

from plugins.sales_automation.permissions import CONFIGURE
from plugins.sales_automation.pipelines import config
from plugins.sales_automation.pipelines.endpoints import blp
from plugins.sales_automation.pipelines.schemas import (
    SalesPipelineSchema, SalesPipelineUpdateSchema, SalesStageRemoveSchema, SalesStageSchema, SalesStageUpdateSchema,
)
from plugins.sales_automation.pipelines.service import StageError, pipelines, stages_of


def with_stages(pipeline):
    """The pipeline with its stages attached for the schema."""
    pipeline.stages = stages_of(pipeline.id)
    return pipeline


def ruled(action, *args):
    """Run a settings change; a rule it breaks is a 422 with the rule's message."""
    try:
        return action(*args)
    except StageError as error:
        raise ValidationError({"_schema": [str(error)]}) from error


@blp.route("/sales/pipelines")
class Pipelines(MethodView):
    """The workspace's pipelines."""

    @api_login_required
    @blp.response(200, SalesPipelineSchema(many=True))
    def get(self):
        """Every pipeline in order, with its stages (the first visit creates the default pipeline)."""
        return [with_stages(p) for p in pipelines()]

    @api_permission_required(CONFIGURE)
    @blp.arguments(SalesPipelineSchema)
    @blp.response(201, SalesPipelineSchema)
    def post(self, data):
        """Add a pipeline with the default stages, last in the order."""
        return with_stages(ruled(config.create_pipeline, data["name"]))


@blp.route("/sales/pipelines/<int:pipeline_id>")
class PipelineItem(MethodView):
    """One pipeline."""

    @api_login_required
    @blp.response(200, SalesPipelineSchema)
    def get(self, pipeline_id):
        """Read a pipeline and its stages."""
        return with_stages(config.pipeline_or_404(pipeline_id))

    @api_permission_required(CONFIGURE)
    @blp.arguments(SalesPipelineUpdateSchema)
    @blp.response(200, SalesPipelineSchema)
    def patch(self, data, pipeline_id):
        """Rename a pipeline, move it (`position`) or make it the default."""
        return with_stages(ruled(config.update_pipeline, config.pipeline_or_404(pipeline_id), data))

    @api_permission_required(CONFIGURE)
    @blp.response(204)
    def delete(self, pipeline_id):
        """Delete a pipeline that has no opportunities (a workspace keeps at least one)."""
        ruled(config.delete_pipeline, config.pipeline_or_404(pipeline_id))


@blp.route("/sales/pipelines/<int:pipeline_id>/stages")
class Stages(MethodView):
    """The stages of a pipeline."""

    @api_permission_required(CONFIGURE)
    @blp.arguments(SalesStageSchema)
    @blp.response(201, SalesStageSchema)
    def post(self, data, pipeline_id):
        """Add an open stage after the pipeline's other open stages."""
        return config.add_stage(config.pipeline_or_404(pipeline_id), data["name"], data["probability"])


@blp.route("/sales/pipelines/<int:pipeline_id>/stages/<int:stage_id>")
class StageItem(MethodView):
    """One stage of a pipeline."""

    @api_permission_required(CONFIGURE)
    @blp.arguments(SalesStageUpdateSchema)
    @blp.response(200, SalesStageSchema)
    def patch(self, data, pipeline_id, stage_id):
        """Rename a stage, change its probability, or move an open stage among the open ones."""
        stage = config.stage_or_404(config.pipeline_or_404(pipeline_id), stage_id)
        return ruled(config.update_stage, stage, data)

    @api_permission_required(CONFIGURE)
    @blp.arguments(SalesStageRemoveSchema, location="query")
    @blp.response(204)
    def delete(self, args, pipeline_id, stage_id):
        """Remove an open stage; `move_to_id` names where its opportunities go (required when it holds any)."""
        stage = config.stage_or_404(config.pipeline_or_404(pipeline_id), stage_id)
        ruled(config.remove_stage, stage, args.get("move_to_id"))
