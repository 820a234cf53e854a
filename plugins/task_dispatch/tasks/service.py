"""Tasks as people make and move them: shared by the API, the pages, the hooks and other modules' requests.

Who does what (the task must be visible to them, tasks/visibility.py):
- anyone creates a task, for no customer or one they may see;
- its creator and holders of `dispatch.dispatch` edit and cancel it while it is open;
- its assignee (or a dispatcher on their behalf) starts and finishes it;
- its creator or a dispatcher rates a finished task, 1 to 5, never its own assignee.
The workflow is unassigned -> assigned (the assign feature) -> in_progress -> done,
with cancelled from any open status. Done and cancelled are final: there is no
reopening, so a finished task's rating and its place in its assignee's performance
stay true; new work is a new task (another module's request makes one, as only open
tasks are reused).
Nothing here commits: the caller commits once the whole change is made.
"""
from marshmallow import ValidationError
from sqlalchemy import func, select
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import db, document_number, gettext as _, has_permission, utcnow

from plugins.task_dispatch import events
from plugins.task_dispatch.models import Task
from plugins.task_dispatch.models.tasks import OPEN_STATUSES
from plugins.task_dispatch.permissions import DISPATCH
from plugins.task_dispatch.settings import settings
from plugins.task_dispatch.tasks.labels import STATUS_LABELS
from plugins.task_dispatch.tasks.performance import refresh_performance
from plugins.task_dispatch.tasks.validation import check_task, customer_region

FIELDS = ("title", "description", "customer_id", "region", "priority", "effort", "required_skills",
          "required_resources", "earliest_start", "due")
"""The columns a person gives (create and edit); the source and the workflow's columns are the module's."""
TRANSITIONS = {
    "unassigned": ("cancelled",),
    "assigned": ("in_progress", "done", "cancelled"),
    "in_progress": ("done", "cancelled"),
}
"""The statuses each open status may move to by hand; assignment itself is the assign feature's."""


def is_dispatcher(user):
    """Whether `user`'s role may dispatch (create for others, assign, edit and cancel anyone's tasks)."""
    return has_permission(user, DISPATCH)


def may_edit(user, task):
    """Whether `user` may change or cancel `task`: its creator or a dispatcher, while it is open."""
    return task.status in OPEN_STATUSES and (task.created_by_id == user.id or is_dispatcher(user))


def may_work(user, task):
    """Whether `user` may start or finish `task`: its assignee, or a dispatcher on their behalf."""
    return task.assignee_id is not None and (task.assignee_id == user.id or is_dispatcher(user))


def may_rate(user, task):
    """Whether `user` may rate `task`: finished, and they are its creator or a dispatcher but not its assignee."""
    return task.status == "done" and may_rate_when_done(user, task)


def may_rate_when_done(user, task):
    """Whether `user` may rate `task` once it is done: its creator or a dispatcher, but not its assignee."""
    return user.id != task.assignee_id and (task.created_by_id == user.id or is_dispatcher(user))


def require_edit(user, task):
    """`task`, or a 403 for a `user` who may not change it (may_edit)."""
    if not may_edit(user, task):
        raise Forbidden(_("Only the task's creator or a dispatcher may change an open task."))
    return task


def require_rater(user, task):
    """`task`, or a 403 for a `user` who may not rate it once it is done (may_rate_when_done)."""
    if not may_rate_when_done(user, task):
        raise Forbidden(_("Only the task's creator or a dispatcher rates it, and never its assignee."))
    return task


def create_task(actor, data, source=None):
    """A new task from schema-loaded `data`: validated, numbered, flushed, `task_created` sent; not committed.

    `actor` is None for another module's request; `source` is then
    {"source_kind", "source_id", "source_url"}. The region defaults to the customer's.
    """
    values = {key: data.get(key) for key in FIELDS}
    values["required_skills"] = [dict(need) for need in values["required_skills"] or []]
    values["required_resources"] = list(values["required_resources"] or [])
    values["priority"] = values["priority"] or "normal"
    values["effort"] = values["effort"] or 1
    check_task(actor, values)
    if values["region"] is None:
        values["region"] = customer_region(values["customer_id"])
    task = Task(**values, **(source or {}), status="unassigned",
                created_by_id=getattr(actor, "id", None),
                number=document_number("dispatch_task", settings()["task_prefix"]))
    db.session.add(task)
    db.session.flush()
    events.task_created.send(task, actor=actor)
    return task


def update_task(actor, task, data):
    """Change an open task's fields from schema-loaded `data` (its creator or a dispatcher); not committed."""
    require_edit(actor, task)
    values = {key: getattr(task, key) for key in FIELDS}
    values.update({key: data[key] for key in FIELDS if key in data})
    if values["title"] is None:
        raise ValidationError({"title": [_("A task needs a title.")]})
    values["required_skills"] = [dict(need) for need in values["required_skills"] or []]
    values["required_resources"] = list(values["required_resources"] or [])
    # An unchanged customer stays even if the editor no longer sees it; only a new one is checked.
    checked_customer = values["customer_id"] if values["customer_id"] != task.customer_id else None
    check_task(actor, {**values, "customer_id": checked_customer}, task=task)
    for key, value in values.items():
        setattr(task, key, value)
    db.session.flush()
    return task


def change_status(actor, task, status, rating=None, outcome=None):
    """Start, finish or cancel `task` by `actor`, sending `task_status_changed`; not committed.

    A finished task keeps its `outcome` and may carry a `rating` (its creator or a
    dispatcher); the assignee's performance is refreshed. Refusals are
    ValidationError (a move the workflow does not allow) or Forbidden (not theirs).
    """
    old = task.status
    if status not in TRANSITIONS.get(old, ()):
        raise ValidationError({"status": [_("A task that is %(old)s cannot become %(new)s.",
                                            old=_status_word(old), new=_status_word(status))]})
    if status == "cancelled" and not may_edit(actor, task):
        raise Forbidden(_("Only the task's creator or a dispatcher may cancel it."))
    if status in ("in_progress", "done") and not may_work(actor, task):
        raise Forbidden(_("Only the task's assignee or a dispatcher may start or finish it."))
    if rating is not None and not (status == "done" and may_rate_when_done(actor, task)):
        raise ValidationError({"rating": [_("Only the task's creator or a dispatcher rates it, once it is done, "
                                            "and never its assignee.")]})
    now = utcnow()
    task.status = status
    if status == "in_progress" or (status == "done" and task.started_at is None):
        task.started_at = now
    if status in ("done", "cancelled"):
        task.finished_at = now
        task.outcome = outcome if outcome is not None else task.outcome
    if rating is not None:
        task.rating = rating
    db.session.flush()
    events.task_status_changed.send(task, old=old, new=status, actor=actor)
    if status == "done":
        refresh_performance(task.assignee_id)
    return task


def rate_task(actor, task, rating):
    """Rate a finished `task` 1 to 5 (its creator or a dispatcher; again to correct it); not committed."""
    if task.status != "done":
        raise ValidationError({"rating": [_("Only a finished task is rated.")]})
    require_rater(actor, task)
    task.rating = rating
    db.session.flush()
    refresh_performance(task.assignee_id)
    return task


def open_effort(user_ids=None):
    """{user id: effort points of the open tasks they hold} (only people holding some; of `user_ids` when given)."""
    stmt = (select(Task.assignee_id, func.sum(Task.effort))
            .where(Task.status.in_(OPEN_STATUSES), Task.assignee_id.is_not(None)).group_by(Task.assignee_id))
    if user_ids is not None:
        stmt = stmt.where(Task.assignee_id.in_(list(user_ids)))
    return {user_id: int(points) for user_id, points in db.session.execute(stmt)}


def _status_word(status):
    """The reader's word for `status`."""
    return str(STATUS_LABELS.get(status, status))
