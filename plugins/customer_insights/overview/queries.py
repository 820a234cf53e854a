"""The overview's figures: each one grouped query over the Score or Snapshot rows of customers the viewer sees."""
from sqlalchemy import and_, case, desc, func, select
from sqlalchemy.orm import aliased

from crm_platform.sdk import db

from plugins.customer_insights.models.scores import Run, Score, Snapshot
from plugins.customer_insights.visible import visible_customer_ids, visible_scores


def layer_counts(user):
    """{layer: (customers, of them class A)} of the customers `user` may see."""
    class_a = func.sum(case((Score.abc_class == "A", 1), else_=0))
    rows = db.session.execute(visible_scores(Score.layer, func.count(), class_a, user=user)
                              .group_by(Score.layer)).all()
    return {layer: (count, int(class_a or 0)) for layer, count, class_a in rows}


def class_figures(user):
    """{class or None: (customers, revenue)} of the customers `user` may see; None holds those without a class."""
    rows = db.session.execute(visible_scores(Score.abc_class, func.count(), func.sum(Score.revenue), user=user)
                              .group_by(Score.abc_class)).all()
    return {abc_class: (count, revenue) for abc_class, count, revenue in rows}


def segment_counts(user):
    """{segment: customers} of the customers `user` may see that have a segment (those who bought)."""
    rows = db.session.execute(visible_scores(Score.segment, func.count(), user=user)
                              .where(Score.segment.is_not(None)).group_by(Score.segment)).all()
    return dict(rows)


def revenues(user):
    """The period's revenue of each customer `user` may see who bought in it, largest first (ties by customer id)."""
    return db.session.scalars(visible_scores(Score.revenue, user=user).where(Score.revenue > 0)
                              .order_by(Score.revenue.desc(), Score.customer_id)).all()


def last_run():
    """The workspace's latest finished computation (the figures shown are its), or None before the first."""
    return db.session.scalar(select(Run).where(Run.status == "done")
                             .order_by(desc(Run.finished_at), desc(Run.id)).limit(1))


def snapshot_months():
    """The months (their first days) the workspace has snapshots of, newest first."""
    return db.session.scalars(select(Snapshot.month).distinct().order_by(Snapshot.month.desc())).all()


def transition_counts(user, first, second):
    """{(layer in `first` or None, layer in `second`): customers} of the visible customers in `second`'s snapshot.

    None stands for customers `first`'s snapshot does not hold (not yet customers then).
    """
    before, after = aliased(Snapshot), aliased(Snapshot)
    rows = db.session.execute(
        select(before.layer, after.layer, func.count()).select_from(after)
        .outerjoin(before, and_(before.customer_id == after.customer_id, before.month == first))
        .where(after.month == second, after.customer_id.in_(visible_customer_ids(user)))
        .group_by(before.layer, after.layer)).all()
    return {(old, new): count for old, new, count in rows}
