"""The forecast's inputs from the database: whose figures, their weighted pipeline, and the adjustments a viewer sees."""
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, or_, select, type_coerce

from crm_platform.sdk import ExactDecimal, OrgUnit, User, db

from plugins.sales_automation.models import ForecastAdjustment, Opportunity, Stage
from plugins.sales_automation.quotas.service import money_currency, month_bucket, next_month
from plugins.sales_automation.remit import remit_units, remit_user_ids, seen_by

CATEGORIES = ("commit", "best_case", "pipeline")
"""The forecast categories a rep marks each opportunity with, surest first."""
CENT = Decimal("0.01")


def visible_units(viewer, unit_id=None):
    """[(id, name, parent_id)] of the units in `viewer`'s remit, limited to `unit_id`'s subtree; None if not theirs."""
    remit = {row[0] for row in remit_units(viewer)}
    if unit_id is not None and unit_id not in remit:
        return None
    rows = db.session.execute(select(OrgUnit.id, OrgUnit.name, OrgUnit.parent_id, OrgUnit.path)
                              .where(OrgUnit.id.in_(remit))).all()
    if unit_id is not None:
        rows = [row for row in rows if f"/{unit_id}/" in row.path]
    return [(row.id, row.name, None if row.id == unit_id else row.parent_id) for row in rows]


def people(viewer, unit_ids, unit_id=None):
    """[(id, name, org unit id)] of the active people whose figures `viewer` sees (within `unit_ids` when filtered)."""
    query = select(User.id, User.name, User.org_unit_id).where(User.id.in_(remit_user_ids(viewer)), User.active)
    if unit_id is not None:
        query = query.where(User.org_unit_id.in_(unit_ids))
    return [tuple(row) for row in db.session.execute(query.order_by(User.name, User.id))]


def pipeline_by_month(user_ids, months, viewer=None):
    """{(owner id, month): {category: weighted amount}} of the open opportunities (`viewer` sees) by expected close.

    Only opportunities in the workspace's currency count: a forecast adds one currency.

    Weighted is amount × probability / 100, the probability the opportunity's own
    or else its stage's default; rounded half up to the cent per rep, month and category.
    """
    probability = func.coalesce(Opportunity.probability, Stage.probability)
    rows = select(Opportunity.owner_id.label("owner_id"),
                  month_bucket(Opportunity.expected_close, months, lambda month: month).label("bucket"),
                  Opportunity.forecast_category.label("category"),
                  (Opportunity.amount * probability).label("product")) \
        .where(Opportunity.stage_id == Stage.id, Opportunity.status == "open", Opportunity.owner_id.in_(user_ids),
               Opportunity.expected_close >= months[0], Opportunity.expected_close < next_month(months[-1]),
               Opportunity.currency == money_currency(), seen_by(viewer, Opportunity)) \
        .subquery()
    # The product is in fen × percent; typed as money it reads back as yuan × percent, exactly.
    total = type_coerce(func.sum(rows.c.product), ExactDecimal(2))
    result = {}
    for owner_id, bucket, category, product in db.session.execute(
            select(rows.c.owner_id, rows.c.bucket, rows.c.category, total)
            .group_by(rows.c.owner_id, rows.c.bucket, rows.c.category)):
        cell = result.setdefault((owner_id, months[bucket]), dict.fromkeys(CATEGORIES, Decimal("0.00")))
        cell[category if category in CATEGORIES else "pipeline"] += (product / 100).quantize(CENT, ROUND_HALF_UP)
    return result


def seen_adjustments(viewer, months, user_ids, unit_ids):
    """{(month, kind, subject id, figure): ForecastAdjustment} that `viewer` sees of these subjects in `months`.

    Each manager's latest adjustment of a figure stands for them. A viewer sees their
    own where they made one, else the latest made by anyone in their remit (the people
    below them); a rep, who adjusts nothing and has nobody below, sees none.
    """
    query = select(ForecastAdjustment).where(
        ForecastAdjustment.month.in_(months), ForecastAdjustment.adjusted_by_id.in_(remit_user_ids(viewer)),
        or_((ForecastAdjustment.subject_kind == "user") & ForecastAdjustment.subject_id.in_(user_ids),
            (ForecastAdjustment.subject_kind == "unit") & ForecastAdjustment.subject_id.in_(unit_ids)),
    ).order_by(ForecastAdjustment.created_at, ForecastAdjustment.id)
    seen = {}
    for row in db.session.scalars(query):
        key = (row.month, row.subject_kind, row.subject_id, row.figure)
        current = seen.get(key)
        if current is None or row.adjusted_by_id == viewer.id or current.adjusted_by_id != viewer.id:
            seen[key] = row
    return seen


def user_names(user_ids):
    """{user id: name} of `user_ids`."""
    if not user_ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(set(user_ids)))).all())
