"""The sales funnel: per pipeline, how many of the period's new opportunities reached each stage and went on.

The cohort is the opportunities created in the period (visible to the viewer, owned
by people in scope). An opportunity reached an open stage when its stage history
(StageStay) has a stay in that stage or in any stage after it (the won stage counts
as after every open one): a deal moved from the first stage straight to the third
passed the second. The lost stage is not a step. Conversion of stage k is the share
of those that reached k that reached the next step (the next open stage, or won).
"""
from sqlalchemy import case, func, select

from crm_platform.sdk import db

from plugins.sales_automation.models import Opportunity, Pipeline, Stage, StageStay
from plugins.sales_automation.reports.figures import percent_of


def _steps():
    """{pipeline id: (pipeline name, [(stage id, name)] of its open stages in order, then its won stage)} by order."""
    pipelines = db.session.execute(select(Pipeline.id, Pipeline.name).order_by(Pipeline.position, Pipeline.name,
                                                                              Pipeline.id)).all()
    stages = db.session.execute(select(Stage.pipeline_id, Stage.id, Stage.name, Stage.kind)
                                .where(Stage.kind != "lost").order_by(Stage.position, Stage.name, Stage.id)).all()
    steps = {pipeline.id: (pipeline.name, [], []) for pipeline in pipelines}
    for stage in stages:
        # The won stage comes after every open one, whatever its position.
        steps[stage.pipeline_id][1 if stage.kind == "open" else 2].append((stage.id, stage.name))
    return {pipeline_id: (name, opened + won[:1]) for pipeline_id, (name, opened, won) in steps.items()}


def _furthest(scope, steps):
    """{(pipeline id, step index): opportunities of the cohort whose furthest step it is}."""
    rank = {stage_id: index for _, stages in steps.values() for index, (stage_id, _) in enumerate(stages)}
    if not rank:
        return {}
    furthest = (select(Opportunity.pipeline_id.label("pipeline_id"),
                       func.max(case(rank, value=StageStay.stage_id, else_=-1)).label("step"))
                .join(StageStay, StageStay.opportunity_id == Opportunity.id)
                .where(scope.within(Opportunity.created_at), scope.records(Opportunity))
                .group_by(Opportunity.id, Opportunity.pipeline_id).subquery())
    rows = db.session.execute(select(furthest.c.pipeline_id, furthest.c.step, func.count())
                              .group_by(furthest.c.pipeline_id, furthest.c.step)).all()
    return {(pipeline_id, step): count for pipeline_id, step, count in rows}


def sales_funnel(scope):
    """[{pipeline, stages: [row]}] of the pipelines with a cohort: per step, reached, advanced and conversion.

    A row: stage_id, stage, reached, advanced (reached the next step; None for
    won), conversion (advanced / reached, percent) and of_cohort (reached / the
    pipeline's cohort, percent).
    """
    steps = _steps()
    counts = _furthest(scope, steps)
    funnels = []
    for pipeline_id, (name, stages) in steps.items():
        # Reaching a step means reaching it or any step after it.
        reached = [sum(count for (pipeline, step), count in counts.items() if pipeline == pipeline_id and step >= index)
                   for index in range(len(stages))]
        if not reached or not reached[0]:
            continue
        rows = []
        for index, (stage_id, stage_name) in enumerate(stages):
            advanced = reached[index + 1] if index + 1 < len(stages) else None
            rows.append({"stage_id": stage_id, "stage": stage_name, "reached": reached[index], "advanced": advanced,
                         "conversion": None if advanced is None else percent_of(advanced, reached[index]),
                         "of_cohort": percent_of(reached[index], reached[0])})
        funnels.append({"pipeline_id": pipeline_id, "pipeline": name, "stages": rows})
    return funnels


def funnel_table(funnels):
    """The funnels as one table's rows (a row per pipeline and step), the pipeline named on each row."""
    return [{"pipeline": funnel["pipeline"], **row} for funnel in funnels for row in funnel["stages"]]

