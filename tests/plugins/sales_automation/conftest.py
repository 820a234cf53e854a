"""Fixtures of the sales automation module's tests: the module on in both workspaces of the world."""
import pytest


@pytest.fixture
def sales(world, enable_plugin):
    """The world with `sales_automation` enabled for acme and globex (default settings)."""
    for tenant in world.tenants:
        enable_plugin(tenant.slug, "sales_automation")
    return world
