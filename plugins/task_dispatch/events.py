"""What happens to tasks, for the module's own features (blinker signals; other plugins get hooks, hookspecs.py).

Receivers run inside the sender's transaction and must not commit.
"""
from blinker import Namespace

_signals = Namespace()

task_assigned = _signals.signal("task-dispatch-task-assigned")
"""A task was given to someone: sender the Task, kwargs `assignment` (the new Assignment row), `previous_id`."""

task_status_changed = _signals.signal("task-dispatch-task-status-changed")
"""A task's status changed: sender the Task, kwargs `old`, `new`, `actor`."""

task_created = _signals.signal("task-dispatch-task-created")
"""A task was created (flushed, numbered): sender the Task, kwargs `actor` (None for another module's request).
The assign feature answers it with the policy's automatic assignment."""
