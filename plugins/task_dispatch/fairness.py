"""How evenly work is spread: the Gini coefficient of assigned effort relative to capacity (docs/dispatch.md)."""
from sqlalchemy import func, select

from crm_platform.sdk import db

from plugins.task_dispatch.models import Assignment


def gini(values):
    """The Gini coefficient of non-negative `values`: 0 when all are equal, towards 1 when one holds everything.

    G = sum_i sum_j |x_i - x_j| / (2 n^2 mean); 0 for an empty list or all zeros.
    Computed on the sorted values as (2 sum_i i x_(i)) / (n sum x) - (n + 1) / n.
    """
    xs = sorted(float(v) for v in values)
    n, total = len(xs), sum(xs)
    if n == 0 or total <= 0:
        return 0.0
    weighted = sum((i + 1) * x for i, x in enumerate(xs))
    return max(0.0, 2 * weighted / (n * total) - (n + 1) / n)


def assigned_effort(since, user_ids=None):
    """{user id: effort of the Assignment rows naming them created at or after `since`} (of `user_ids` when given).

    What the fairness measure (the board) and the fairness factor (scoring) spread:
    a reassignment counts for each person it named.
    """
    stmt = select(Assignment.user_id, func.sum(Assignment.effort)).where(Assignment.created_at >= since)
    if user_ids is not None:
        stmt = stmt.where(Assignment.user_id.in_(list(user_ids)))
    return {user_id: int(points) for user_id, points in db.session.execute(stmt.group_by(Assignment.user_id))}
