"""Test helpers of the board feature: assignments written directly (what the assign feature stores), a saved policy."""
from crm_platform.sdk import utcnow

from plugins.task_dispatch.models import Assignment, PolicyVersion


def make_assignment(world, tenant_session, task, user_key, tenant="acme", effort=None, created_at=None):
    """An Assignment row giving `task` to `user_key` in `tenant` (manual, its effort by default, now by default)."""
    with tenant_session(tenant) as session:
        row = Assignment(task_id=task.id, user_id=world[tenant].users[user_key].id, mode="manual",
                         effort=task.effort if effort is None else effort, created_at=created_at or utcnow())
        session.add(row)
        session.commit()
        return row.id


def save_window(tenant_session, days, tenant="acme"):
    """A saved policy version whose fairness window is `days` days."""
    with tenant_session(tenant) as session:
        session.add(PolicyVersion(version=1, weights={}, parameters={"fairness_window_days": days}))
        session.commit()
