"""The preview of a proposed policy: the recent tasks ranked under the policy in force and under the proposal.

Nothing is saved: both rankings come from the scoring engine's contexts built
for each policy (scoring/engine.py), as an assignment would rank them now.
Only admins (dispatch.configure, whose scope is every customer) preview, so the
tasks are the workspace's latest, open ones first, whoever may see them.
"""
from sqlalchemy import case, select

from crm_platform.sdk import db

from plugins.task_dispatch.models import Task
from plugins.task_dispatch.models.tasks import OPEN_STATUSES
from plugins.task_dispatch.scoring.engine import build_context, rank
from plugins.task_dispatch.settings import settings


def recent_tasks(limit):
    """The `limit` most recently created tasks, open ones first."""
    still_open = case((Task.status.in_(OPEN_STATUSES), 0), else_=1)
    return db.session.scalars(select(Task).order_by(still_open, Task.created_at.desc(), Task.id.desc())
                              .limit(limit)).all()


def _top(ranking, shown):
    """The first `shown` candidates of a ranking, as the preview lists them."""
    return [{"user_id": scored.user_id, "name": scored.name, "total": scored.total, "rank": scored.rank}
            for scored in ranking.candidates[:shown]]


def compare(current, proposed, limit=20):
    """{"current_version", "tasks": [{task, before, after, changed}], "changed"} for `limit` recent tasks."""
    tasks = recent_tasks(limit)
    shown = settings()["candidates_shown"]
    before_ctx, after_ctx = build_context(policy=current), build_context(policy=proposed)
    rows = []
    for task in tasks:
        before, after = _top(rank(before_ctx, task), shown), _top(rank(after_ctx, task), shown)
        top_before = before[0]["user_id"] if before else None
        top_after = after[0]["user_id"] if after else None
        rows.append({"task_id": task.id, "number": task.number, "title": task.title, "status": task.status,
                     "before": before, "after": after, "changed": top_before != top_after})
    return {"current_version": current.version, "tasks": rows, "changed": sum(row["changed"] for row in rows)}
