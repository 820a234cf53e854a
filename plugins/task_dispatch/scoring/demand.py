"""What a block of tasks asks of people, resolved once against the context: the arrays every rule and factor reads.

Rules and factors work on [task, person] arrays of a whole block at once (one
task for a ranking, a chunk of a batch for the matrix), so a batch costs a few
numpy operations per required skill or resource, not a Python loop per pair.
"""
from dataclasses import dataclass

import numpy as np

from plugins.task_dispatch.models.tasks import OPEN_STATUSES
from plugins.task_dispatch.scoring.duty import duty_minutes, task_window, workspace_window

NO_REGION = -1
"""The region code of a task or person without a region."""
UNKNOWN_REGION = -2
"""The code of a task's region that no person has as home region."""


@dataclass
class Demand:
    """A block of tasks against the context's people: [task, ...] requirements and [task, person] duty and load."""

    tasks: list
    skill_keys: list        # the block's required skills, the columns of `skill_need` and `skill_held`
    skill_need: np.ndarray  # int [task, skill]: the minimum level (0: not required)
    skill_held: np.ndarray  # int [person, skill]: the level held (0: none)
    resource_keys: list
    resource_need: np.ndarray   # bool [task, resource]
    resource_held: np.ndarray   # bool [person, resource]
    certificate_day: np.ndarray  # int [task]: the ordinal of the day a certification must still be valid on
    windows: list           # duty.Window of each task
    duty: np.ndarray        # [task, person] working minutes in the task's window
    window_minutes: np.ndarray  # [task] the workspace's working minutes in it
    load: np.ndarray        # [task, person] open load, less the task's own effort for its current holder
    effort: np.ndarray      # [task]
    customers: list         # customer id of each task (None)
    regions: np.ndarray     # [task] region code (NO_REGION, UNKNOWN_REGION or the context's code)


def _level(requirement):
    """The minimum level of a required skill, within 1..5 (a malformed one asks for 1)."""
    try:
        return min(max(int(requirement.get("level", 1)), 1), 5)
    except (TypeError, ValueError):
        return 1


def _columns(matrix, columns, keys, dtype):
    """The [person, key] columns of a context matrix for `keys` (zeros for keys nobody holds)."""
    held = np.zeros((matrix.shape[0], len(keys)), dtype=dtype)
    for position, key in enumerate(keys):
        if key in columns:
            held[:, position] = matrix[:, columns[key]]
    return held


def _needs(tasks):
    """({skill: column}, {resource: column}, [(task row, skill, level)], [(task row, resource)]) of the block."""
    skills, resources, skill_rows, resource_rows = {}, {}, [], []
    for row, task in enumerate(tasks):
        for requirement in task.required_skills or ():
            key = requirement.get("skill") if isinstance(requirement, dict) else None
            if key:
                skill_rows.append((row, skills.setdefault(key, len(skills)), _level(requirement)))
        for key in task.required_resources or ():
            resource_rows.append((row, resources.setdefault(key, len(resources))))
    return skills, resources, skill_rows, resource_rows


def _duty(ctx, tasks):
    """(windows, [task, person] duty minutes, [task] window minutes), each distinct window computed once."""
    windows = [workspace_window(ctx, *task_window(ctx, task)) for task in tasks]
    distinct = {}
    rows = [distinct.setdefault((window.start, window.end), (len(distinct), window))[0] for window in windows]
    per_window = np.stack([duty_minutes(ctx, window) for _index, window in distinct.values()]) if distinct else (
        np.zeros((0, len(ctx.user_ids))))
    return windows, per_window[rows], np.array([window.minutes for window in windows], dtype=float)


def _load(ctx, tasks):
    """[task, person] open load; a task re-ranked while held does not count against its holder."""
    load = np.broadcast_to(ctx.open_load, (len(tasks), len(ctx.user_ids)))
    holders = [(row, ctx.index.get(task.assignee_id), task.effort) for row, task in enumerate(tasks)
               if task.status in OPEN_STATUSES and task.assignee_id in ctx.index]
    if holders:
        load = load.copy()
        for row, column, effort in holders:
            load[row, column] = max(load[row, column] - effort, 0)
    return load


def demand(ctx, tasks):
    """The block's requirements as arrays over the context's people."""
    skills, resources, skill_rows, resource_rows = _needs(tasks)
    skill_need = np.zeros((len(tasks), len(skills)), dtype=np.int8)
    for row, column, level in skill_rows:
        skill_need[row, column] = max(skill_need[row, column], level)
    resource_need = np.zeros((len(tasks), len(resources)), dtype=bool)
    for row, column in resource_rows:
        resource_need[row, column] = True
    windows, duty, window_minutes = _duty(ctx, tasks)
    days = [max(task.due.astimezone(ctx.calendar.tz).date() if task.due is not None else ctx.today, ctx.today)
            for task in tasks]
    regions = [(task.region or "").strip() for task in tasks]
    return Demand(
        tasks=list(tasks), skill_keys=list(skills), skill_need=skill_need,
        skill_held=_columns(ctx.levels, ctx.skill_columns, list(skills), np.int8),
        resource_keys=list(resources), resource_need=resource_need,
        resource_held=_columns(ctx.resources, ctx.resource_columns, list(resources), bool),
        certificate_day=np.array([day.toordinal() for day in days], dtype=np.int64),
        windows=windows, duty=duty, window_minutes=window_minutes, load=_load(ctx, tasks),
        effort=np.array([float(task.effort or 1) for task in tasks]),
        customers=[task.customer_id for task in tasks],
        regions=np.array([ctx.region_codes.get(region, UNKNOWN_REGION) if region else NO_REGION
                          for region in regions], dtype=np.int64))
