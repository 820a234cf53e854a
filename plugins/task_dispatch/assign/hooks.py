"""What the assign feature adds to the module's hooks: the candidates and explanations section of the task page."""
from sqlalchemy import select

from crm_platform.sdk import User, db, has_permission

from plugins.task_dispatch.assign import service
from plugins.task_dispatch.assign.candidates import assignments_of, breakdown, candidates_view, factor_labels
from plugins.task_dispatch.permissions import DISPATCH
from plugins.task_dispatch.sections import TaskSection


def _names(assignments):
    """{user id: name} of everyone the assignments name (assignees, actors, alternatives)."""
    ids = {row.user_id for row in assignments} | {row.actor_id for row in assignments if row.actor_id}
    ids |= {alternative["user_id"] for row in assignments for alternative in row.alternatives or ()}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def section_context(task, user):
    """What the candidates section shows `user` (who may see `task`): the ranking while open, the explanations."""
    labels = factor_labels()
    assignments = assignments_of(task)
    view = None
    if task.status in service.ASSIGNABLE:
        view = candidates_view(user, service.recommend(user, task))
    return {"view": view, "may_dispatch": has_permission(user, DISPATCH), "assignments": assignments,
            "explained": [(row, breakdown(row.factors or {}, labels)) for row in assignments],
            "names": _names(assignments)}


def task_sections(task, user):
    """The task page's candidates (score bars, breakdown, "why not?", assign forms) and stored explanations."""
    return [TaskSection("assign", "task_dispatch/assign/_section.html", section_context(task, user))]
