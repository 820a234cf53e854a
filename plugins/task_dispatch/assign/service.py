"""Giving a task to someone: the recommendation, a manual or automatic assignment, and its stored explanation.

CONTRACT (other features code against these):
- recommend(user, task) -> Ranking (scoring/engine.py) under the policy in force.
- assign(actor, task, user_id, mode, reason=None, ctx=None, batch_id=None, ranking=None) -> Assignment
    Refuses (AssignRefused, the API's 409) a person a hard rule refuses, with the
    rule's text; asks for a reason (ReasonNeeded) when mode is "manual" and the
    person is not the top candidate; stores the explanation; sets the assignee,
    status "assigned" and assigned_at; sends `task_assigned`. Not committed.
- assign_many(actor, plan, ctx=None, batch_id=None, mode="batch") -> [Assignment]
    The same (any mode but "manual") for many (task, user_id) pairs at once: every
    explanation from one vectorised scoring pass, every row flushed together,
    `task_assigned` sent per task; refuses (AssignRefused, naming each task refused)
    and changes nothing when any pair is refused.
- auto_assign(actor, task, mode="auto") -> Assignment | None: the top candidate, or nobody.
A new task is given to its top candidate when the policy's `auto_assign` is on
(a receiver of `task_created`; other modules' requests are assigned by the request).
"""
from sqlalchemy import select
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import User, db, gettext as _, has_permission, utcnow

from plugins.task_dispatch import events
from plugins.task_dispatch.models import Assignment
from plugins.task_dispatch.permissions import DISPATCH
from plugins.task_dispatch.policy.service import current_policy
from plugins.task_dispatch.scoring.engine import build_context, explanation, explanations, rank

ASSIGNABLE = ("unassigned", "assigned", "in_progress")
"""A task in these statuses may be given (again) to someone."""


class AssignRefused(Exception):
    """The assignment cannot be made (a hard rule, a finished task); the message says why."""


class ReasonNeeded(AssignRefused):
    """Someone other than the top candidate was chosen by hand without saying why."""


def may_assign(actor, user_id):
    """Whether `actor` may give a task to `user_id` by hand: dispatchers anyone, everyone else only themselves."""
    return actor is not None and (actor.id == user_id or has_permission(actor, DISPATCH))


def recommend(user, task):
    """The ranking of `task` under the policy in force, for `user` (who may see it: the caller checks)."""
    return rank(build_context(), task)


def _refusal(ranking, user_id):
    """The translated refusal of `user_id` for the ranked task, naming the failing rules."""
    name = db.session.scalar(select(User.name).where(User.id == user_id)) or _("This person")
    texts = "; ".join(entry["text"] for entry in ranking.reasons(user_id))
    return _("%(name)s cannot take this task: %(reasons)s", name=name, reasons=texts)


def _check(actor, task, user_id, mode):
    """Refuse what no ranking can allow: another person by hand without dispatching, a closed task, the same person."""
    if mode == "manual" and not may_assign(actor, user_id):
        raise Forbidden(_("Only dispatchers give tasks to others."))
    if task.status not in ASSIGNABLE:
        raise AssignRefused(_("A finished or cancelled task cannot be assigned."))
    if task.assignee_id == user_id:
        raise AssignRefused(_("The task is already assigned to this person."))


def _give(actor, task, user_id, mode, explained, now, batch_id=None, reason=None):
    """The Assignment row storing `explained` (not added); the task given to `user_id` at `now`. (row, previous id)."""
    row = Assignment(task_id=task.id, user_id=user_id, actor_id=actor.id if actor is not None else None, mode=mode,
                     batch_id=batch_id, effort=task.effort, reason=reason, **explained)
    previous_id = task.assignee_id
    task.assignee_id, task.status, task.assigned_at = user_id, "assigned", now
    if task.started_at is not None:  # a reassigned task starts again
        task.started_at = None
    return row, previous_id


def assign(actor, task, user_id, mode, reason=None, ctx=None, batch_id=None, ranking=None):
    """Give `task` to `user_id` with its explanation (see the module's contract); not committed."""
    _check(actor, task, user_id, mode)
    if ranking is None:
        ranking = rank(ctx or build_context(), task)
    chosen = ranking.candidate(user_id)
    if chosen is None:
        raise AssignRefused(_refusal(ranking, user_id))
    reason = (reason or "").strip() or None
    if mode == "manual" and chosen.rank != 1 and reason is None:
        raise ReasonNeeded(_("Say why you choose someone other than the top candidate."))
    row, previous_id = _give(actor, task, user_id, mode, explanation(ranking, user_id), utcnow(), batch_id, reason)
    db.session.add(row)
    db.session.flush()
    events.task_assigned.send(task, assignment=row, previous_id=previous_id)
    return row


def assign_many(actor, plan, ctx=None, batch_id=None, mode="batch"):
    """Give each task of `plan` [(task, user_id)] to its person with its explanation, flushed once; not committed.

    Nothing is changed when any pair is refused: AssignRefused names every task
    refused and why. A manual choice goes through assign(), which asks for a reason.
    """
    if mode == "manual":
        raise ValueError("a manual choice goes through assign(), which asks for a reason")
    for task, user_id in plan:
        _check(actor, task, user_id, mode)
    ctx = ctx or build_context()
    explained = explanations(ctx, [task for task, _user_id in plan], [user_id for _task, user_id in plan])
    refused = [_("%(number)s: %(refusal)s", number=task.number, refusal=_refusal(rank(ctx, task), user_id))
               for (task, user_id), found in zip(plan, explained) if found is None]
    if refused:
        raise AssignRefused(" ".join(refused))
    now = utcnow()  # one batch, one moment
    given = [_give(actor, task, user_id, mode, found, now, batch_id) for (task, user_id), found in zip(plan, explained)]
    db.session.add_all([row for row, _previous_id in given])
    db.session.flush()
    for (task, _user_id), (row, previous_id) in zip(plan, given):
        events.task_assigned.send(task, assignment=row, previous_id=previous_id)
    return [row for row, _previous_id in given]


def auto_assign(actor, task, mode="auto"):
    """Give `task` to its top candidate (the Assignment), or to nobody (None) when nobody is eligible."""
    ranking = rank(build_context(), task)
    if not ranking.candidates or task.status not in ASSIGNABLE:
        return None
    return assign(actor, task, ranking.candidates[0].user_id, mode, ranking=ranking)


@events.task_created.connect
def assign_new_task(task, actor=None, **_kwargs):
    """The policy's automatic assignment on creation (tasks other modules ask for are assigned by the request)."""
    if task.source_kind == "manual" and task.assignee_id is None and current_policy().parameter("auto_assign"):
        auto_assign(actor, task)
