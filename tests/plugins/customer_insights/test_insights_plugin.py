"""The module is a plugin like any other: found through its entry point, per workspace, every route walked."""
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from insights_walk import FEATURES
from marshmallow import ValidationError

HERE = Path(__file__).parent
PACKAGE = HERE.parents[2] / "plugins" / "customer_insights"


def test_registered_through_the_entry_point():
    found = {e.name: e.value for e in entry_points(group="crm_platform.plugins")}
    assert found.get("customer_insights") == "plugins.customer_insights.plugin"


def test_every_feature_with_routes_has_its_cross_tenant_walk(app):
    owners = app.extensions["crm_plugins"].blueprint_owners
    mine = {name for name, owner in owners.items() if owner == "customer_insights"}
    assert {name.removeprefix("insights_").removesuffix("_api") for name in mine} == set(FEATURES)
    routed = {rule.endpoint.partition(".")[0].removeprefix("insights_").removesuffix("_api")
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("insights_")}
    for feature in routed:
        assert (HERE / f"test_insights_{feature}_walk.py").exists(), f"{feature} needs its cross-tenant walk"


def test_the_module_imports_only_the_sdk_of_the_core():
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                 if any(line.strip().startswith(("from crm_platform", "import crm_platform"))
                        and not line.strip().startswith("from crm_platform.sdk import")
                        for line in path.read_text().splitlines())]
    assert not offenders, f"import only crm_platform.sdk: {offenders}"


def test_it_imports_no_other_plugin():
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                 if any(line.strip().startswith(("from plugins.", "import plugins."))
                        and not line.strip().startswith(("from plugins.customer_insights",
                                                         "import plugins.customer_insights"))
                        for line in path.read_text().splitlines())]
    assert not offenders, f"plugins talk through hooks, never imports: {offenders}"


def test_its_settings_have_defaults_and_refuse_nonsense(world, enable_plugin):
    row = enable_plugin("acme", "customer_insights")
    assert row.settings["period_months"] == 12 and row.settings["abc_a_percent"] == 80
    assert row.settings["segments"].splitlines()[0] == "champions: R5 F4-5"
    for bad in ({"abc_a_percent": 90, "abc_b_percent": 10}, {"segments": "champions R5"},
                {"segments": "a: R5\na: F1"}, {"segments": "x: R0"}, {"period_months": 0}):
        with pytest.raises(ValidationError):
            enable_plugin("acme", "customer_insights", settings=bad)


def test_every_layer_has_a_name_and_a_default_strategy():
    from plugins.customer_insights.layers import DEFAULT_STRATEGIES, LAYER_LABELS
    from plugins.customer_insights.models.scores import LAYERS

    assert len(LAYERS) == 8 and set(LAYER_LABELS) == set(DEFAULT_STRATEGIES) == set(LAYERS)
