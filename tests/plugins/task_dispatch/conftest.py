"""Fixtures of the task dispatch module's tests: the module on in both workspaces of the world."""
import pytest


@pytest.fixture
def dispatch(world, enable_plugin):
    """The world with `task_dispatch` enabled for acme and globex (default settings)."""
    for tenant in world.tenants:
        enable_plugin(tenant.slug, "task_dispatch")
    return world
