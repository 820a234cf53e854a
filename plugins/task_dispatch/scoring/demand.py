"""What a task asks of people, resolved once against the context: the arrays every rule and factor reads."""
from dataclasses import dataclass

import numpy as np

from plugins.task_dispatch.models.tasks import OPEN_STATUSES
from plugins.task_dispatch.scoring.duty import duty_minutes, task_window, workspace_window


@dataclass
class Demand:
    """One task against the context's people: required levels, held resources, duty, load (all arrays by column)."""

    task: object
    skills: list            # [(key, minimum level, levels held [person])]
    resources: list         # [(key, held bool [person])]
    certificate_day: int    # the ordinal of the day a certification must still be valid on
    window: object          # duty.Window
    duty: np.ndarray        # working minutes in the window per person
    load: np.ndarray        # open load, less this task's own effort for its current holder
    effort: float


def _level(requirement):
    """The minimum level of a required skill, within 1..5 (a malformed one asks for 1)."""
    try:
        return min(max(int(requirement.get("level", 1)), 1), 5)
    except (TypeError, ValueError):
        return 1


def demand(ctx, task):
    """The task's requirements as arrays over the context's people."""
    people = len(ctx.user_ids)
    none = np.zeros(people, dtype=np.int8)
    skills = []
    for requirement in task.required_skills or ():
        key = requirement.get("skill")
        if key:
            column = ctx.skill_columns.get(key)
            skills.append((key, _level(requirement), none if column is None else ctx.levels[:, column]))
    resources = []
    for key in dict.fromkeys(task.required_resources or ()):
        column = ctx.resource_columns.get(key)
        resources.append((key, np.zeros(people, dtype=bool) if column is None else ctx.resources[:, column]))
    start, end = task_window(ctx, task)
    window = workspace_window(ctx, start, end)
    load = ctx.open_load
    holder = ctx.index.get(task.assignee_id) if task.status in OPEN_STATUSES else None
    if holder is not None:
        # Re-ranking an assigned task: its holder's load already counts it.
        load = load.copy()
        load[holder] = max(load[holder] - task.effort, 0)
    due_day = task.due.astimezone(ctx.calendar.tz).date() if task.due is not None else ctx.today
    return Demand(task=task, skills=skills, resources=resources, certificate_day=max(due_day, ctx.today).toordinal(),
                  window=window, duty=duty_minutes(ctx, window), load=load, effort=float(task.effort or 1))
