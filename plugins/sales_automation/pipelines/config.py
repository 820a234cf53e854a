"""Pipeline settings: pipelines of a workspace and their stages, with the rules that keep them usable.

Every pipeline keeps at least one open stage (new opportunities start there) and
exactly one won and one lost stage. A stage that is removed merges into another
open stage of its pipeline: its opportunities and its history move there.
"""
from sqlalchemy import delete, func, select, update
from werkzeug.exceptions import NotFound

from crm_platform.sdk import db, lazy_gettext as _l

from plugins.sales_automation.models import Opportunity, Pipeline, Stage, StageStay
from plugins.sales_automation.pipelines.service import StageError, add_default_stages, pipelines, stages_of


def pipeline_or_404(pipeline_id):
    """The workspace's pipeline, or the same 404 as a missing id."""
    pipeline = db.session.scalar(select(Pipeline).where(Pipeline.id == pipeline_id))
    if pipeline is None:
        raise NotFound()
    return pipeline


def stage_or_404(pipeline, stage_id):
    """A stage of `pipeline`, or a 404."""
    stage = db.session.scalar(select(Stage).where(Stage.id == stage_id, Stage.pipeline_id == pipeline.id))
    if stage is None:
        raise NotFound()
    return stage


def opportunity_count(**where):
    """How many opportunities have the given column values (e.g. pipeline_id=...)."""
    stmt = select(func.count()).select_from(Opportunity)
    for column, value in where.items():
        stmt = stmt.where(getattr(Opportunity, column) == value)
    return db.session.scalar(stmt)


def _name_free(name, pipeline=None):
    """Refuse a name another pipeline of the workspace has (names tell pipelines apart on the board)."""
    clash = select(Pipeline.id).where(func.lower(Pipeline.name) == name.lower())
    if pipeline is not None:
        clash = clash.where(Pipeline.id != pipeline.id)
    if db.session.scalar(clash) is not None:
        raise StageError(_l("Another pipeline is already called %(name)s.", name=name))


def _renumber(items, item, index):
    """Put `item` at `index` of `items` (clamped) and number their positions 0, 1, ..."""
    rest = [other for other in items if other.id != item.id]
    rest.insert(max(0, min(index, len(rest))), item)
    for position, each in enumerate(rest):
        each.position = position


def create_pipeline(name):
    """A new pipeline (committed) with the default stages, placed last; the first one becomes the default."""
    existing = pipelines()
    _name_free(name)
    pipeline = Pipeline(name=name, position=len(existing), is_default=not existing)
    db.session.add(pipeline)
    add_default_stages(pipeline)
    db.session.commit()
    return pipeline


def update_pipeline(pipeline, data):
    """Rename, move (`position`) or make default (`is_default: true`) a pipeline; committed."""
    if data.get("name") is not None:
        _name_free(data["name"], pipeline)
        pipeline.name = data["name"]
    if data.get("position") is not None:
        _renumber(pipelines(), pipeline, data["position"])
    if data.get("is_default"):
        for other in pipelines():
            other.is_default = other.id == pipeline.id
    db.session.commit()
    return pipeline


def delete_pipeline(pipeline):
    """Delete a pipeline without opportunities (not the workspace's last); the next one may become default."""
    if opportunity_count(pipeline_id=pipeline.id):
        raise StageError(_l("This pipeline has opportunities; move or delete them before deleting the pipeline."))
    others = [p for p in pipelines() if p.id != pipeline.id]
    if not others:
        raise StageError(_l("A workspace keeps at least one pipeline."))
    # Stages first, in one statement: the ORM knows no order between the two tables.
    db.session.execute(delete(Stage).where(Stage.pipeline_id == pipeline.id),
                       execution_options={"synchronize_session": "fetch"})
    db.session.delete(pipeline)
    db.session.flush()
    if pipeline.is_default:
        others[0].is_default = True
    for position, other in enumerate(others):
        other.position = position
    db.session.commit()


def open_stages(pipeline_id):
    """The pipeline's open stages in order."""
    return [stage for stage in stages_of(pipeline_id) if stage.kind == "open"]


def add_stage(pipeline, name, probability):
    """A new open stage (committed), placed after the pipeline's other open stages."""
    stage = Stage(pipeline_id=pipeline.id, name=name, probability=probability, kind="open",
                  position=len(open_stages(pipeline.id)))
    db.session.add(stage)
    db.session.commit()
    return stage


def update_stage(stage, data):
    """Rename a stage, change its default probability, or move an open stage (`position` among open ones)."""
    if data.get("name") is not None:
        stage.name = data["name"]
    if data.get("probability") is not None:
        stage.probability = data["probability"]
    if data.get("position") is not None:
        if stage.kind != "open":
            raise StageError(_l("Won and lost always come last; only open stages move."))
        _renumber(open_stages(stage.pipeline_id), stage, data["position"])
    db.session.commit()
    return stage


def remove_stage(stage, move_to_id=None):
    """Remove an open stage, merging it into `move_to_id` (required when it holds opportunities); committed.

    Without opportunities its history merges into the open stage before it (else after it).
    """
    if stage.kind != "open":
        raise StageError(_l("Every pipeline keeps its won and its lost stage."))
    others = [s for s in open_stages(stage.pipeline_id) if s.id != stage.id]
    if not others:
        raise StageError(_l("A pipeline keeps at least one open stage."))
    held = opportunity_count(stage_id=stage.id)
    if move_to_id is None:
        if held:
            raise StageError(_l("This stage holds %(count)s opportunities: choose the stage to move them to.",
                                count=held))
        before = [s for s in others if s.position <= stage.position]
        target = before[-1] if before else others[0]
    else:
        target = next((s for s in others if s.id == move_to_id), None)
        if target is None:
            raise StageError(_l("Choose another open stage of this pipeline to move its opportunities to."))
    db.session.execute(update(Opportunity).where(Opportunity.stage_id == stage.id).values(stage_id=target.id),
                       execution_options={"synchronize_session": "fetch"})
    db.session.execute(update(StageStay).where(StageStay.stage_id == stage.id).values(stage_id=target.id),
                       execution_options={"synchronize_session": "fetch"})
    db.session.delete(stage)
    db.session.flush()
    for position, other in enumerate(others):
        other.position = position
    db.session.commit()
    return target
