"""Who may see a task: the one rule every list, page, API route and hook of the module uses (GUIDE.md section 4).

A user sees a task when any of these holds:
- the task has a customer and they may see it (the core's `customer_record_criterion`:
  all for executives, admins and dispatchers, their unit subtree's for managers,
  their own and shared ones for reps);
- they are its assignee (seeing the task never widens their customer list);
- the task has no customer and its creator is in their remit
  (`work_owner_criterion`: themselves, their unit subtree for a manager, everyone
  for an all-scope role).
Another workspace's task, an invisible one and a missing id are the same 404.
"""
from flask import abort
from sqlalchemy import and_, or_, select

from crm_platform.sdk import customer_record_criterion, db, work_owner_criterion

from plugins.task_dispatch.models import Task


def task_criterion(user):
    """The WHERE clause selecting the tasks `user` may see (the rule in the module docstring)."""
    with_customer = and_(Task.customer_id.is_not(None),
                         customer_record_criterion(user, Task.customer_id, Task.assignee_id))
    without_customer = and_(Task.customer_id.is_(None), work_owner_criterion(user, Task.created_by_id))
    return or_(with_customer, without_customer, Task.assignee_id == user.id)


def visible_tasks(user):
    """A SELECT of the tasks `user` may see, to filter and order further."""
    return select(Task).where(task_criterion(user))


def task_or_404(user, task_id):
    """The task if `user` may see it; otherwise the same 404 as a missing id or another workspace's."""
    task = db.session.scalar(visible_tasks(user).where(Task.id == task_id))
    if task is None:
        abort(404)
    return task
