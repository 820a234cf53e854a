"""Pipelines and opportunities: the default pipeline, creating opportunities and moving them between stages.

Every feature that makes or moves an opportunity (lead conversion, the board, the
API, the demo) goes through here, so the stage history (`StageStay`) and the
denormalised status always agree with the stage.
"""
from decimal import Decimal

from flask import abort
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crm_platform.sdk import customer_record_criterion, db, lazy_gettext as _l, utcnow, workspace_currency

from plugins.sales_automation.models import Opportunity, Pipeline, Stage, StageStay

DEFAULT_STAGES = (
    (_l("Initial contact"), 10, "open"),
    (_l("Needs confirmed"), 25, "open"),
    (_l("Solution presented"), 40, "open"),
    (_l("Quoted"), 60, "open"),
    (_l("Negotiation"), 80, "open"),
    (_l("Won"), 100, "won"),
    (_l("Lost"), 0, "lost"),
)
"""The stages of the pipeline a workspace starts with (named in the language of whoever first uses the module)."""


class StageError(ValueError):
    """A move or creation the pipeline's rules refuse (a stage of another pipeline, a close without a reason)."""


def opportunity_criterion(user):
    """The WHERE clause selecting the opportunities `user` may see: through the customer, or as the owner."""
    return customer_record_criterion(user, Opportunity.customer_id, Opportunity.owner_id)


def opportunity_or_404(user, opportunity_id):
    """The opportunity if `user` may see it; otherwise the same 404 as a missing id."""
    opportunity = db.session.scalar(select(Opportunity).where(Opportunity.id == opportunity_id,
                                                              opportunity_criterion(user)))
    if opportunity is None:
        abort(404)
    return opportunity


def stages_of(pipeline_id):
    """The stages of a pipeline in board order: open stages by position, then won, then lost."""
    order = {"open": 0, "won": 1, "lost": 2}
    stages = db.session.scalars(select(Stage).where(Stage.pipeline_id == pipeline_id)).all()
    return sorted(stages, key=lambda s: (order[s.kind], s.position, s.name))


def pipelines():
    """The workspace's pipelines in order; the first visit to the module creates and commits the default one."""
    found = db.session.scalars(select(Pipeline).order_by(Pipeline.position, Pipeline.name)).all()
    if found:
        return found
    pipeline = default_pipeline()
    db.session.commit()
    return [pipeline]


def default_pipeline():
    """The workspace's default pipeline (else its first); made with DEFAULT_STAGES (flushed, not committed) if none."""
    pipeline = db.session.scalar(select(Pipeline).order_by(Pipeline.is_default.desc(), Pipeline.position,
                                                           Pipeline.name).limit(1))
    if pipeline is not None:
        return pipeline
    name = str(_l("Sales pipeline"))
    try:
        with db.session.begin_nested():
            pipeline = Pipeline(name=name, position=0, is_default=True)
            db.session.add(pipeline)
            add_default_stages(pipeline)
            db.session.flush()
    except IntegrityError:
        # Another request made it first (names are unique per workspace): use theirs.
        return db.session.scalar(select(Pipeline).where(Pipeline.name == name))
    return pipeline


def add_default_stages(pipeline):
    """Give a new pipeline (added to the session) the DEFAULT_STAGES, in the current language (flushed)."""
    db.session.flush()
    db.session.add_all([Stage(pipeline_id=pipeline.id, name=str(stage), probability=probability, kind=kind,
                              position=position)
                        for position, (stage, probability, kind) in enumerate(DEFAULT_STAGES)])
    db.session.flush()


def create_opportunity(*, name, customer_id, owner_id, actor_id=None, amount=Decimal(0), currency=None,
                       contact_id=None, expected_close=None, source=None, lead_id=None, pipeline_id=None,
                       stage_id=None, description=None):
    """A new opportunity (added to the session, not committed) in `stage_id`, or its pipeline's first open stage.

    The caller has checked that the customer may be seen and the owner is a user of
    the workspace. Raises StageError for a stage that is not an open stage of the pipeline.
    """
    pipeline_id = pipeline_id or default_pipeline().id
    stages = stages_of(pipeline_id)
    if not stages:
        raise StageError(_l("This pipeline has no stages."))
    stage = next((s for s in stages if s.id == stage_id), None) if stage_id else stages[0]
    if stage is None or stage.kind != "open":
        raise StageError(_l("A new opportunity starts in an open stage of its pipeline."))
    now = utcnow()
    opportunity = Opportunity(name=name, customer_id=customer_id, owner_id=owner_id, pipeline_id=pipeline_id,
                              stage_id=stage.id, status="open", amount=Decimal(amount),
                              currency=currency or workspace_currency(), contact_id=contact_id,
                              expected_close=expected_close, source=source, lead_id=lead_id,
                              description=description, stage_entered_at=now)
    db.session.add(opportunity)
    db.session.flush()
    db.session.add(StageStay(opportunity_id=opportunity.id, stage_id=stage.id, moved_by_id=actor_id, entered_at=now))
    return opportunity


def move_to_stage(opportunity, stage, actor_id=None, close_reason=None, winner_competitor_id=None):
    """Put `opportunity` in `stage` of its pipeline, closing the current stay and opening the next (not committed).

    Won and lost need a reason; a lost deal may name the competitor who won it.
    Reopening a closed deal clears its close. Moving to the stage it is in changes nothing.
    """
    if stage.pipeline_id != opportunity.pipeline_id:
        raise StageError(_l("That stage belongs to another pipeline."))
    if stage.id == opportunity.stage_id:
        return opportunity
    if stage.kind in ("won", "lost") and not (close_reason or "").strip():
        raise StageError(_l("Say why the opportunity was won or lost."))
    now = utcnow()
    current = db.session.scalar(select(StageStay).where(StageStay.opportunity_id == opportunity.id,
                                                        StageStay.left_at.is_(None)))
    if current is not None:
        current.left_at = now
    db.session.add(StageStay(opportunity_id=opportunity.id, stage_id=stage.id, moved_by_id=actor_id, entered_at=now))
    opportunity.stage_id, opportunity.status, opportunity.stage_entered_at = stage.id, stage.kind, now
    if stage.kind == "open":
        opportunity.closed_at = opportunity.close_reason = opportunity.winner_competitor_id = None
    else:
        opportunity.closed_at, opportunity.close_reason = now, close_reason.strip()
        opportunity.winner_competitor_id = winner_competitor_id if stage.kind == "lost" else None
    return opportunity


def stage_durations(opportunity_id, now=None):
    """[(stay, seconds in it)] of an opportunity's stage history, oldest first (the current stay up to `now`)."""
    now = now or utcnow()
    stays = db.session.scalars(select(StageStay).where(StageStay.opportunity_id == opportunity_id)
                               .order_by(StageStay.entered_at, StageStay.id)).all()
    return [(stay, int(((stay.left_at or now) - stay.entered_at).total_seconds())) for stay in stays]
