"""Changing the workspace's name and settings; shared by the settings page and the API."""
from crm_platform.extensions import db
from crm_platform.models import AuditEntry
from crm_platform.workspace.settings import DEFAULTS, get_setting


def workspace_values(tenant):
    """The workspace as WorkspaceSchema dumps it: name, slug and every setting (defaults filled in)."""
    return {"id": tenant.id, "slug": tenant.slug, "name": tenant.name,
            **{key: get_setting(tenant, key) for key in DEFAULTS}}


def update_workspace(actor, tenant, data):
    """Apply validated `data` (name and settings) to `tenant`; returns the changes as {field: [old, new]}.

    The audit recorder follows tenant-owned rows only, and the tenant row is
    not one, so the change is written to the trail here, in the same transaction.
    """
    before = workspace_values(tenant)
    changes = {key: [before[key], value] for key, value in data.items() if key in before and before[key] != value}
    if not changes:
        return changes
    if "name" in changes:
        tenant.name = data["name"]
    # A new dict: the JSON column notices replacement, not changes made in place.
    tenant.settings = {**(tenant.settings or {}), **{key: data[key] for key in DEFAULTS if key in changes}}
    db.session.add(AuditEntry(actor_id=actor.id, action="update", entity="workspace", entity_id=tenant.id,
                              summary=tenant.name[:200], changes=changes))
    db.session.commit()
    return changes
