"""Fixtures of the service support module's tests: the module on in both workspaces of the world."""
import pytest


@pytest.fixture
def service(world, enable_plugin):
    """The world with `service_support` enabled for acme and globex (default settings)."""
    for tenant in world.tenants:
        enable_plugin(tenant.slug, "service_support")
    return world
