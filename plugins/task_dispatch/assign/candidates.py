"""A task's ranking as the API and the task page show it: the top candidates, "why not?", factor labels.

Dispatchers see every candidate and everyone refused; anyone else who may see
the task sees only their own entry (they may take the task themselves).
"""
from sqlalchemy import select

from crm_platform.sdk import User, db, has_permission

from plugins.task_dispatch.models import Assignment
from plugins.task_dispatch.permissions import DISPATCH
from plugins.task_dispatch.scoring.extensions import available_factors
from plugins.task_dispatch.settings import settings


def factor_labels():
    """{factor key: label} of every factor of the workspace (built-in and enabled plugins')."""
    return {factor["key"]: factor["label"] for factor in available_factors()}


def breakdown(factors, labels):
    """A {key: {"value", "weight"}} breakdown as a list with labels (a gone plugin's factor keeps its key)."""
    return [{"key": key, "label": labels.get(key, key), "value": entry["value"], "weight": entry["weight"]}
            for key, entry in factors.items()]


def candidates_view(user, ranking, user_id=None, limit=None):
    """The ranking for `user`: top `limit` (setting candidates_shown) or one person's entry, and the refused."""
    if not has_permission(user, DISPATCH):
        user_id = user.id
    labels = factor_labels()
    if user_id is not None:
        shown = [scored for scored in ranking.candidates if scored.user_id == user_id]
        refused = [entry for entry in ranking.ineligible if entry.user_id == user_id]
        if not shown and not refused:
            name = db.session.scalar(select(User.name).where(User.id == user_id)) or ""
            refused = [{"user_id": user_id, "name": name, "reasons": ranking.reasons(user_id)}]
    else:
        shown = ranking.candidates[:limit or settings()["candidates_shown"]]
        refused = ranking.ineligible
    return {"task_id": ranking.task_id, "policy_version": ranking.policy_version,
            "eligible": len(ranking.candidates), "notes": ranking.notes,
            "candidates": [{"user_id": s.user_id, "name": s.name, "total": s.total, "rank": s.rank, "load": s.load,
                            "factors": breakdown(s.factors, labels)} for s in shown],
            "ineligible": [entry if isinstance(entry, dict) else
                           {"user_id": entry.user_id, "name": entry.name, "reasons": entry.reasons}
                           for entry in refused]}


def assignments_of(task):
    """The task's stored explanations, newest first."""
    return db.session.scalars(select(Assignment).where(Assignment.task_id == task.id)
                              .order_by(Assignment.created_at.desc(), Assignment.id.desc())).all()
