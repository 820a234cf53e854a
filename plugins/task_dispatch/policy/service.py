"""The policy in force: the workspace's latest saved version, or the defaults.

CONTRACT (owned by the policy helper, who adds saving with validation, versions and the preview):
- current_policy() -> Policy  (policy/defaults.py)
"""
from sqlalchemy import select

from crm_platform.sdk import db

from plugins.task_dispatch.models import PolicyVersion
from plugins.task_dispatch.policy.defaults import DEFAULT_PARAMETERS, DEFAULT_WEIGHTS, Policy


def current_policy():
    """The workspace's policy in force: its highest saved version, else the defaults (version 0)."""
    row = db.session.scalar(select(PolicyVersion).order_by(PolicyVersion.version.desc()).limit(1))
    if row is None:
        return Policy()
    return Policy(version=row.version, weights={**DEFAULT_WEIGHTS, **row.weights},
                  parameters={**DEFAULT_PARAMETERS, **row.parameters})
