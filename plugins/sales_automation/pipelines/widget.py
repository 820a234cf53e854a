"""The "My pipeline" dashboard widget's figures: the user's open opportunities per pipeline and stage.

Weighted is amount × probability (the opportunity's own, else its stage's
default) summed exactly in Decimal. Currencies are never added together: a row
and a total are per currency.
"""
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select, type_coerce

from crm_platform.sdk import ExactDecimal, db

from plugins.sales_automation.models import Opportunity, Pipeline, Stage
from plugins.sales_automation.pipelines.service import opportunity_criterion

CENT = Decimal("0.01")


def _figures():
    """A new row of figures: count, amount and weighted amount."""
    return {"count": 0, "amount": Decimal("0.00"), "weighted": Decimal("0.00")}


def my_pipeline(user):
    """{"rows": [...], "totals": [...]}: per pipeline, stage and currency the user's open opportunities, then totals.

    Each row holds pipeline_id, pipeline, stage, currency, count, amount and
    weighted, in the pipelines' and stages' order; a total per currency.
    """
    probability = func.coalesce(Opportunity.probability, Stage.probability)
    stmt = (select(Pipeline.id, Pipeline.name, Pipeline.position, Stage.id, Stage.name, Stage.position,
                   Opportunity.currency, probability, func.count(), type_coerce(func.sum(Opportunity.amount),
                                                                                ExactDecimal(2)))
            .join(Stage, Stage.id == Opportunity.stage_id).join(Pipeline, Pipeline.id == Opportunity.pipeline_id)
            .where(Opportunity.owner_id == user.id, Opportunity.status == "open", opportunity_criterion(user))
            .group_by(Pipeline.id, Pipeline.name, Pipeline.position, Stage.id, Stage.name, Stage.position,
                      Opportunity.currency, probability))
    rows, totals = defaultdict(_figures), defaultdict(_figures)
    for pipeline_id, pipeline, p_place, stage_id, stage, s_place, currency, percent, count, amount in (
            db.session.execute(stmt)):
        # Grouped by probability too, so each group's weighting is exact: its amount × its percent (4 places),
        # rounded to the cent only once summed.
        key = ((p_place, pipeline, pipeline_id), (s_place, stage_id), stage, currency)
        for figures in (rows[key], totals[currency]):
            figures["count"] += count
            figures["amount"] += amount
            figures["weighted"] += amount * percent / 100
    return {"rows": [{"pipeline_id": p[2], "pipeline": p[1], "stage": stage, "currency": currency, **_rounded(figures)}
                     for (p, _, stage, currency), figures in sorted(rows.items())],
            "totals": [{"currency": currency, **_rounded(figures)} for currency, figures in sorted(totals.items())]}


def _rounded(figures):
    """The figures with the weighted amount rounded to the cent."""
    return {**figures, "weighted": figures["weighted"].quantize(CENT)}
