"""Pipeline settings pages (permission `sales.configure`): pipelines, their order and default, and their stages."""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import field_errors, gettext as _, page_permission_required

from plugins.sales_automation.permissions import CONFIGURE
from plugins.sales_automation.pipelines import config
from plugins.sales_automation.pipelines.endpoints import bp
from plugins.sales_automation.pipelines.forms import submitted
from plugins.sales_automation.pipelines.schemas import (
    SalesPipelineSchema, SalesPipelineUpdateSchema, SalesStageSchema, SalesStageUpdateSchema,
)
from plugins.sales_automation.pipelines.service import StageError, pipelines, stages_of


def _step(items, item):
    """The position `item` moves to for the form's direction ("up" or "down")."""
    index = [each.id for each in items].index(item.id)
    return max(0, index - 1) if request.form.get("direction") == "up" else index + 1


def _settings(template, status=200, **context):
    """Render a settings page."""
    return render_template(f"sales_automation/pipelines/{template}", **context), status


@bp.route("/settings/", methods=["GET", "POST"])
@page_permission_required(CONFIGURE)
def settings():
    """The workspace's pipelines in order; a form adds one."""
    values, errors = {}, {}
    if request.method == "POST":
        values = submitted(request.form, ("name",))
        try:
            pipeline = config.create_pipeline(SalesPipelineSchema().load(values)["name"])
        except ValidationError as error:
            errors = field_errors(error)
        except StageError as error:
            errors = {"name": str(error)}
        else:
            flash(_("Pipeline %(name)s added.", name=pipeline.name), "success")
            return redirect(url_for(".pipeline_settings", pipeline_id=pipeline.id))
    counts = {p.id: config.opportunity_count(pipeline_id=p.id) for p in pipelines()}
    return _settings("settings.html", 422 if errors else 200, pipelines=pipelines(), counts=counts, values=values,
                     errors=errors)


@bp.route("/settings/<int:pipeline_id>", methods=["GET", "POST"])
@page_permission_required(CONFIGURE)
def pipeline_settings(pipeline_id):
    """One pipeline: rename it, and its stages (rename, probability, order, add, remove)."""
    pipeline = config.pipeline_or_404(pipeline_id)
    errors = {}
    if request.method == "POST":
        try:
            config.update_pipeline(pipeline, SalesPipelineUpdateSchema().load(submitted(request.form, ("name",))))
        except ValidationError as error:
            errors = field_errors(error)
        except StageError as error:
            errors = {"name": str(error)}
        else:
            flash(_("Pipeline renamed to %(name)s.", name=pipeline.name), "success")
            return redirect(url_for(".pipeline_settings", pipeline_id=pipeline.id))
    stages = stages_of(pipeline.id)
    return _settings("pipeline.html", 422 if errors else 200, pipeline=pipeline, stages=stages, errors=errors,
                     counts={s.id: config.opportunity_count(stage_id=s.id) for s in stages},
                     values={"name": request.form.get("name", pipeline.name)})


def _refused(error, pipeline=None):
    """Flash a rule's refusal and go back to the settings page."""
    flash(str(error), "error")
    target = url_for(".pipeline_settings", pipeline_id=pipeline.id) if pipeline else url_for(".settings")
    return redirect(target)


@bp.route("/settings/<int:pipeline_id>/move", methods=["POST"])
@page_permission_required(CONFIGURE)
def move_pipeline(pipeline_id):
    """Move a pipeline up or down the order."""
    pipeline = config.pipeline_or_404(pipeline_id)
    config.update_pipeline(pipeline, {"position": _step(pipelines(), pipeline)})
    return redirect(url_for(".settings"))


@bp.route("/settings/<int:pipeline_id>/default", methods=["POST"])
@page_permission_required(CONFIGURE)
def make_default(pipeline_id):
    """Make a pipeline the workspace's default (new opportunities and the menu go there)."""
    pipeline = config.update_pipeline(config.pipeline_or_404(pipeline_id), {"is_default": True})
    flash(_("%(name)s is now the default pipeline.", name=pipeline.name), "success")
    return redirect(url_for(".settings"))


@bp.route("/settings/<int:pipeline_id>/delete", methods=["POST"])
@page_permission_required(CONFIGURE)
def delete_pipeline(pipeline_id):
    """Delete a pipeline without opportunities."""
    pipeline = config.pipeline_or_404(pipeline_id)
    name = pipeline.name  # the row is gone after the commit
    try:
        config.delete_pipeline(pipeline)
    except StageError as error:
        return _refused(error)
    flash(_("Pipeline %(name)s deleted.", name=name), "success")
    return redirect(url_for(".settings"))


@bp.route("/settings/<int:pipeline_id>/stages", methods=["POST"])
@page_permission_required(CONFIGURE)
def add_stage(pipeline_id):
    """Add an open stage after the others."""
    pipeline = config.pipeline_or_404(pipeline_id)
    try:
        data = SalesStageSchema().load(submitted(request.form, ("name", "probability")))
    except ValidationError as error:
        return _refused(" ".join(field_errors(error).values()), pipeline)
    stage = config.add_stage(pipeline, data["name"], data["probability"])
    flash(_("Stage %(name)s added.", name=stage.name), "success")
    return redirect(url_for(".pipeline_settings", pipeline_id=pipeline.id))


def _stage_change(pipeline_id, stage_id, change):
    """Apply `change(stage)` to a stage of the pipeline (it returns the message to flash, if any); refusals flash."""
    pipeline = config.pipeline_or_404(pipeline_id)
    stage = config.stage_or_404(pipeline, stage_id)
    try:
        message = change(stage)
    except ValidationError as error:
        return _refused(" ".join(field_errors(error).values()), pipeline)
    except StageError as error:
        return _refused(error, pipeline)
    if message:
        flash(message, "success")
    return redirect(url_for(".pipeline_settings", pipeline_id=pipeline.id))


@bp.route("/settings/<int:pipeline_id>/stages/<int:stage_id>", methods=["POST"])
@page_permission_required(CONFIGURE)
def update_stage(pipeline_id, stage_id):
    """Rename a stage or change its default probability."""
    def change(stage):
        config.update_stage(stage, SalesStageUpdateSchema().load(submitted(request.form, ("name", "probability"))))
        return _("Stage %(name)s saved.", name=stage.name)
    return _stage_change(pipeline_id, stage_id, change)


@bp.route("/settings/<int:pipeline_id>/stages/<int:stage_id>/move", methods=["POST"])
@page_permission_required(CONFIGURE)
def move_stage(pipeline_id, stage_id):
    """Move an open stage up or down among the open stages."""
    def change(stage):
        # Won and lost have no place among the open stages: update_stage refuses them with its message.
        opened = config.open_stages(stage.pipeline_id)
        config.update_stage(stage, {"position": _step(opened, stage) if stage.kind == "open" else 0})
    return _stage_change(pipeline_id, stage_id, change)


@bp.route("/settings/<int:pipeline_id>/stages/<int:stage_id>/delete", methods=["POST"])
@page_permission_required(CONFIGURE)
def remove_stage(pipeline_id, stage_id):
    """Remove an open stage; one that holds opportunities needs the stage to move them to."""
    def change(stage):
        move_to, name = request.form.get("move_to_id", ""), stage.name  # the row is gone after the commit
        target = config.remove_stage(stage, int(move_to) if move_to.isdigit() else None)
        return _("Stage %(name)s removed; its opportunities are now in %(target)s.", name=name, target=target.name)
    return _stage_change(pipeline_id, stage_id, change)
