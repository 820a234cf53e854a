"""Fixtures of the customer insights module's tests: the module on in both workspaces of the world."""
import pytest


@pytest.fixture
def insights(world, enable_plugin):
    """The world with `customer_insights` enabled for acme and globex (default settings)."""
    for tenant in world.tenants:
        enable_plugin(tenant.slug, "customer_insights")
    return world
