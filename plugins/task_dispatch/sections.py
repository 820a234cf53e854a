"""Parts of the task page that other features fill (the candidates and explanation, the assignment history).

Each feature's hooks.py may define `task_sections(task, user)` returning a list of
TaskSection; the task page renders them in order, after the task's own facts.
"""
from dataclasses import dataclass

TASK_SECTION_ORDER = ("assign", "tasks")


@dataclass(frozen=True)
class TaskSection:
    """One part of the task page: a template and the values it is rendered with."""

    key: str
    template: str
    context: dict


def task_sections(task, user):
    """The sections every feature adds to `task`'s page for `user`, in TASK_SECTION_ORDER."""
    from plugins.task_dispatch.plugin import FEATURES  # the feature list lives with the plugin's hooks
    return FEATURES.gather("task_sections", task, user)
