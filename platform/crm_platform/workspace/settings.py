"""Per-workspace settings kept in `tenants.settings` (JSON), with their defaults."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crm_platform.extensions import db
from crm_platform.models import Tenant
from crm_platform.tenancy import current_tenant_id

DEFAULTS = {
    # IANA name; "today" for schedules and reminders is the workspace's local date.
    "timezone": "UTC",
    # Care reminders are created this many days before a birthday or founding date.
    "care_reminder_days": 7,
    # The language of people who chose none (None: their browser's); zh_CN when signup was in Chinese.
    "locale": None,
    # ISO 4217 code money is shown in (crm_platform.i18n.formatting.format_money).
    "currency": "CNY",
    # ISO 3166 region that phone numbers typed without +country belong to (identity/phones.py).
    "phone_region": "CN",
    # The customer pool (docs/pool.md); both return rules are off (0) by default.
    "pool_inactive_days": 0,  # back to the pool after N days without an activity logged by the owner
    "pool_unsigned_days": 0,  # back to the pool when not signed within M days of assignment
    "pool_scope": "unit",  # "unit": one pool per org unit; "company": one pool for the workspace
    "pool_claim_limit": 5,  # claims per user per workspace-local day
    "pool_warning_days": 3,  # the owner is warned on Today this many days before
}


def current_tenant():
    """The Tenant row of the tenant in scope (the signed-in user's workspace)."""
    return db.session.get(Tenant, current_tenant_id())


def get_setting(tenant, key):
    """The tenant's value of `key`, or its default."""
    return (tenant.settings or {}).get(key, DEFAULTS[key])


def tenant_timezone(tenant):
    """The workspace's time zone; UTC when unset or no longer known to this machine."""
    try:
        return ZoneInfo(get_setting(tenant, "timezone"))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def tenant_now(tenant, now=None):
    """The current (or the given aware UTC) time in the workspace's time zone."""
    return (now or datetime.now(timezone.utc)).astimezone(tenant_timezone(tenant))


def tenant_today(tenant, now=None):
    """The workspace's local date."""
    return tenant_now(tenant, now).date()
