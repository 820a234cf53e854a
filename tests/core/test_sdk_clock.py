"""Issue 8, for plugin authors: the SDK gives the workspace's time zone and its local "today"."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from crm_platform import sdk
from crm_platform.tenancy import TenantScopeError

# 12:30 UTC on 1 January: already 2 January at UTC+14, still 1 January at UTC-11.
NOON = datetime(2026, 1, 1, 12, 30, tzinfo=timezone.utc)
EARLY = datetime(2026, 1, 1, 5, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("zone, now, today", [
    ("Pacific/Kiritimati", NOON, date(2026, 1, 2)),
    ("Pacific/Pago_Pago", EARLY, date(2025, 12, 31)),
    ("Asia/Shanghai", EARLY, date(2026, 1, 1)),
])
def test_today_is_the_workspaces_local_date(world, api_client, tenant_session, zone, now, today):
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"timezone": zone}).status_code == 200
    with tenant_session(world.acme):
        assert sdk.workspace_timezone() == ZoneInfo(zone)
        assert sdk.workspace_today(now) == today
        assert sdk.workspace_now(now).utcoffset() == now.astimezone(ZoneInfo(zone)).utcoffset()
        assert sdk.workspace_today() == datetime.now(ZoneInfo(zone)).date()
    with tenant_session(world.globex):  # each workspace its own zone
        assert sdk.workspace_timezone() == ZoneInfo("UTC")
        assert sdk.workspace_today(now) == now.date()


def test_outside_a_workspace_it_refuses(app):
    with app.app_context(), pytest.raises(TenantScopeError):
        sdk.workspace_today()
