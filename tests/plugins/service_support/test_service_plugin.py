"""The module is a plugin like any other: found through its entry point, per workspace, every route walked."""
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from marshmallow import ValidationError
from service_walk import FEATURES

HERE = Path(__file__).parent


def test_registered_through_the_entry_point():
    found = {e.name: e.value for e in entry_points(group="crm_platform.plugins")}
    assert found.get("service_support") == "plugins.service_support.plugin"


def test_every_feature_with_routes_has_its_cross_tenant_walk(app):
    owners = app.extensions["crm_plugins"].blueprint_owners
    mine = {name for name, owner in owners.items() if owner == "service_support"}
    features = {name.removeprefix("service_").removesuffix("_api").removesuffix("_public") for name in mine}
    assert features == set(FEATURES)
    routed = {rule.endpoint.partition(".")[0].removeprefix("service_").removesuffix("_api").removesuffix("_public")
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("service_")}
    for feature in routed:
        assert (HERE / f"test_service_{feature}_walk.py").exists(), f"{feature} needs its cross-tenant walk"


def test_the_module_imports_only_the_sdk_of_the_core():
    package = HERE.parents[2] / "plugins" / "service_support"
    offenders = [str(path.relative_to(package)) for path in package.rglob("*.py")
                 if any(line.strip().startswith(("from crm_platform", "import crm_platform"))
                        and not line.strip().startswith("from crm_platform.sdk import")
                        for line in path.read_text().splitlines())]
    assert not offenders, f"import only crm_platform.sdk: {offenders}"


def test_it_imports_no_other_plugin():
    package = HERE.parents[2] / "plugins" / "service_support"
    offenders = [str(path.relative_to(package)) for path in package.rglob("*.py")
                 if any(line.strip().startswith(("from plugins.", "import plugins."))
                        and not line.strip().startswith(("from plugins.service_support", "import plugins.service_support"))
                        for line in path.read_text().splitlines())]
    assert not offenders, f"plugins talk through hooks, never imports: {offenders}"


def test_its_settings_have_defaults_and_refuse_nonsense(world, enable_plugin):
    row = enable_plugin("acme", "service_support")
    assert row.settings["reopen_days"] == 7 and row.settings["ticket_prefix"] == "GD"
    with pytest.raises(ValidationError):
        enable_plugin("acme", "service_support", settings={"low_score": 9})


def test_its_dashboard_widgets_have_its_prefix_and_render_for_every_role(app, service):
    from crm_platform.testing.dashboard import rendered_widgets
    from plugins.service_support.plugin import crm_dashboard_widgets

    found = rendered_widgets(app, service.acme, crm_dashboard_widgets, "service.")
    assert found == {user: ["service.tickets"] for user in ("admin", "manager_north", "rep_n1")}
