"""The current workspace's time zone and local date, for plugins (through the SDK) and the core.

Schedules run daily in the workspace's local time and dates the user sees are
local dates, so a plugin must never read `Tenant.settings` or use the server's
date for "today".
"""
from crm_platform.calendar.service import tenant_calendar
from crm_platform.tenancy import TenantScopeError, current_tenant_id
from crm_platform.workspace.settings import current_tenant, tenant_now, tenant_timezone


def _tenant():
    if current_tenant_id() is None:
        raise TenantScopeError("the workspace's time needs a tenant in scope (a request, job or tenant_scope)")
    return current_tenant()


def workspace_timezone():
    """The time zone (a ZoneInfo) of the workspace in scope; UTC when unset."""
    return tenant_timezone(_tenant())


def workspace_now(now=None):
    """The current (or the given aware UTC) time in the workspace's time zone."""
    return tenant_now(_tenant(), now)


def workspace_today(now=None):
    """The workspace's local date today (or at the given aware UTC time)."""
    return workspace_now(now).date()


def workspace_calendar(user=None):
    """The workspace's business calendar (docs/calendar.md); with `user`, their time off is taken out."""
    return tenant_calendar(_tenant(), user)
