"""Batch optimisation as dispatchers use it: preview the optimal plan for chosen tasks, then commit it as previewed.

A batch belongs to the dispatcher who made it: only they see and commit it
(another person's id is the same 404 as a missing one). A preview writes only
the Batch row; committing re-checks that nothing changed since (each task still
unassigned, each person still eligible with the capacity the plan needs) and
assigns every planned task in one transaction (assign_many: one scoring pass, one
flush), or marks the batch stale and says why.
"""
from datetime import datetime

import numpy as np
from flask import abort
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import BadRequest, Conflict

from crm_platform.sdk import db, gettext as _, keyset_page, utcnow

from plugins.task_dispatch.assign import service as assign_service
from plugins.task_dispatch.batch import plan
from plugins.task_dispatch.board.workload import fairness_change
from plugins.task_dispatch.models import Batch, Task
from plugins.task_dispatch.scoring import engine
from plugins.task_dispatch.tasks.visibility import task_criterion

MAX_TASKS = 2000
"""The largest batch: beyond it a preview would not answer within a page load."""


class BatchStale(Conflict):
    """Something the plan relied on changed since the preview; the batch is marked stale (409)."""


def batch_or_404(user, batch_id):
    """The batch if `user` made it; otherwise the same 404 as a missing id or another workspace's."""
    batch = db.session.scalar(select(Batch).where(Batch.id == batch_id, Batch.created_by_id == user.id))
    if batch is None:
        abort(404)
    return batch


def dispatchable(user, task_ids=None, limit=None):
    """The unassigned tasks `user` may see (of `task_ids` when given), most urgent first."""
    stmt = select(Task).where(task_criterion(user), Task.status == "unassigned", Task.assignee_id.is_(None))
    if task_ids is not None:
        stmt = stmt.where(Task.id.in_(task_ids))
    return plan.greedy_order(db.session.scalars(stmt.limit(limit)).all())


def unassigned_page(user, args):
    """A cursor page of the unassigned tasks `user` may see, soonest due first (none last); (items, cursor)."""
    stmt = select(Task).where(task_criterion(user), Task.status == "unassigned", Task.assignee_id.is_(None))
    return keyset_page(stmt, [Task.due, Task.id], False, args.get("cursor"), args["limit"], types=[datetime, int],
                       nullable=True)


def recent_batches(user, limit=10):
    """The user's latest batches, newest first."""
    return db.session.scalars(select(Batch).where(Batch.created_by_id == user.id)
                              .order_by(Batch.created_at.desc(), Batch.id.desc()).limit(limit)).all()


def preview_batch(actor, task_ids):
    """Compute and store (committed, status "preview") the optimal plan for the chosen tasks, with its summary.

    Ids that are not unassigned tasks the actor may see are skipped (counted in
    the summary, never named). More than MAX_TASKS ids is a 400; none left is a
    ValidationError.
    """
    ids = list(dict.fromkeys(task_ids))
    if len(ids) > MAX_TASKS:
        raise BadRequest(_("A batch holds at most %(limit)s tasks; you chose %(count)s.", limit=MAX_TASKS,
                           count=len(ids)))
    tasks = dispatchable(actor, ids)
    if not tasks:
        raise ValidationError({"task_ids": [_("None of the chosen tasks is unassigned and visible to you.")]})
    ctx = engine.build_context()
    matrix = _matrix(ctx, tasks)
    best, greedy = plan.solve(matrix)
    names = dict(zip(ctx.user_ids, ctx.names))
    fairness = fairness_change(actor, plan.planned_effort(matrix, best))  # the board's measure
    batch = Batch(status="preview", policy_version=ctx.policy.version, task_ids=[task.id for task in tasks],
                  plan=plan.plan_rows(matrix, best, names), created_by_id=actor.id,
                  summary=plan.summary(matrix, best, greedy, names, skipped=len(ids) - len(tasks),
                                       fairness=fairness))
    db.session.add(batch)
    db.session.commit()
    return batch


def commit_batch(actor, batch_id):
    """Assign every planned task as previewed, in one transaction; BatchStale (batch marked stale) if anything changed."""
    batch = batch_or_404(actor, batch_id)
    if batch.status != "preview":
        raise ValidationError({"status": [_("This batch is already committed.") if batch.status == "committed"
                                          else _("This batch is stale; make a new preview.")]})
    rows = [row for row in batch.plan if row["user_id"] is not None]
    tasks = {task.id: task for task in db.session.scalars(
        select(Task).where(Task.id.in_([row["task_id"] for row in rows]), task_criterion(actor))
        .with_for_update())}
    ctx = engine.build_context()
    problems = _changes(ctx, rows, tasks)
    if not problems:
        try:
            assign_service.assign_many(actor, [(tasks[row["task_id"]], row["user_id"]) for row in rows], ctx=ctx,
                                       batch_id=batch.id)
        except assign_service.AssignRefused as refused:  # a hard rule now refuses someone: each named, with why
            problems = [str(refused)]
    if problems:
        _mark_stale(batch.id, problems)  # raises BatchStale
    batch.status, batch.committed_at = "committed", utcnow()
    db.session.commit()
    return batch


def _changes(ctx, rows, tasks):
    """What changed since the preview that the plan relies on: tasks taken, capacity spent (none: it still holds).

    The hard rules are checked again by assign_many, which scores the whole plan once.
    """
    problems = [_("%(number)s is no longer unassigned.", number=row["number"]) for row in rows
                if (task := tasks.get(row["task_id"])) is None or task.status != "unassigned"
                or task.assignee_id is not None]
    if problems:
        return problems
    needed = {}
    for row in rows:
        needed[row["user_id"]] = needed.get(row["user_id"], 0) + tasks[row["task_id"]].effort
    for user_id, points in needed.items():
        p = ctx.index.get(user_id)
        left = 0 if p is None else max(0, int(ctx.capacity[p] - ctx.open_load[p]))
        if points > left:
            name = next(row["name"] for row in rows if row["user_id"] == user_id)
            problems.append(_("%(name)s has %(left)s points of capacity left; the plan needs %(needed)s.",
                              name=name, left=left, needed=points))
    return problems


def _mark_stale(batch_id, problems):
    """Undo anything assigned, store the batch as stale with the reasons, and refuse with them (409)."""
    db.session.rollback()
    batch = db.session.get(Batch, batch_id)
    batch.status = "stale"
    batch.summary = {**batch.summary, "stale": problems}
    db.session.commit()
    raise BatchStale(" ".join([_("Something changed since the preview; nothing was assigned."), *problems]))


def _matrix(ctx, tasks):
    """The solver's input for `tasks`: the engine's totals and eligibility, efforts, and each person's capacity left.

    Capacity left is the profile's capacity minus the effort of the open tasks
    the person holds, both from the scoring context (loaded once).
    """
    totals, eligible = engine.matrix(ctx, tasks)
    capacity = np.asarray(ctx.capacity, dtype=np.int64)
    before = np.asarray(ctx.open_load, dtype=np.int64)
    return plan.Matrix(tasks=tasks, user_ids=list(ctx.user_ids), totals=np.asarray(totals, dtype=float),
                       eligible=np.asarray(eligible, dtype=bool),
                       efforts=np.array([task.effort for task in tasks], dtype=np.int64),
                       left=(capacity - before).clip(min=0), before=before, capacity=capacity)
