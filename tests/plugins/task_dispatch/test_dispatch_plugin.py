"""The module is a plugin like any other: found through its entry point, per workspace, every route walked."""
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from dispatch_walk import FEATURES
from marshmallow import ValidationError

HERE = Path(__file__).parent
PACKAGE = HERE.parents[2] / "plugins" / "task_dispatch"


def test_registered_through_the_entry_point():
    found = {e.name: e.value for e in entry_points(group="crm_platform.plugins")}
    assert found.get("task_dispatch") == "plugins.task_dispatch.plugin"


def test_it_declares_the_requests_it_offers(app):
    registry = app.extensions["crm_plugins"]
    assert registry.records["task_dispatch"].ok
    for hook in ("task_dispatch_request", "task_dispatch_task_changed", "task_dispatch_factors",
                 "task_dispatch_rules"):
        assert registry.declares(hook), hook


def test_every_feature_with_routes_has_its_cross_tenant_walk(app):
    owners = app.extensions["crm_plugins"].blueprint_owners
    mine = {name for name, owner in owners.items() if owner == "task_dispatch"}
    assert {name.removeprefix("dispatch_").removesuffix("_api") for name in mine} == set(FEATURES)
    routed = {rule.endpoint.partition(".")[0].removeprefix("dispatch_").removesuffix("_api")
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("dispatch_")}
    for feature in routed:
        assert (HERE / f"test_dispatch_{feature}_walk.py").exists(), f"{feature} needs its cross-tenant walk"


def test_the_module_imports_only_the_sdk_of_the_core():
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                 if any(line.strip().startswith(("from crm_platform", "import crm_platform"))
                        and not line.strip().startswith("from crm_platform.sdk import")
                        for line in path.read_text().splitlines())]
    assert not offenders, f"import only crm_platform.sdk: {offenders}"


def test_it_imports_no_other_plugin():
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                 if any(line.strip().startswith(("from plugins.", "import plugins."))
                        and not line.strip().startswith(("from plugins.task_dispatch", "import plugins.task_dispatch"))
                        for line in path.read_text().splitlines())]
    assert not offenders, f"plugins talk through hooks, never imports: {offenders}"


def test_its_settings_have_defaults_and_refuse_nonsense(world, enable_plugin):
    row = enable_plugin("acme", "task_dispatch")
    assert row.settings["task_prefix"] == "RW" and row.settings["default_capacity"] == 5
    with pytest.raises(ValidationError):
        enable_plugin("acme", "task_dispatch", settings={"candidates_shown": 0})


def test_its_dashboard_widgets_have_its_prefix_and_render_for_every_role(app, dispatch):
    from crm_platform.testing.dashboard import rendered_widgets
    from plugins.task_dispatch.plugin import crm_dashboard_widgets

    found = rendered_widgets(app, dispatch.acme, crm_dashboard_widgets, "dispatch.")
    # Admins and managers dispatch (they see the unassigned tasks); reps have their own tasks only.
    assert found == {"admin": ["dispatch.tasks", "dispatch.unassigned"],
                     "manager_north": ["dispatch.tasks", "dispatch.unassigned"], "rep_n1": ["dispatch.tasks"]}
