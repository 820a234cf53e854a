"""The module is a plugin like any other: found through its entry point, per workspace, every route walked."""
from importlib.metadata import entry_points
from pathlib import Path

from sales_walk import FEATURES

HERE = Path(__file__).parent


def test_registered_through_the_entry_point():
    found = {e.name: e.value for e in entry_points(group="crm_platform.plugins")}
    assert found.get("sales_automation") == "plugins.sales_automation.plugin"


def test_every_blueprint_belongs_to_a_walked_feature(app):
    owners = app.extensions["crm_plugins"].blueprint_owners
    mine = {name for name, owner in owners.items() if owner == "sales_automation"}
    features = {name.removeprefix("sales_").removesuffix("_api").removesuffix("_public") for name in mine}
    assert features == set(FEATURES)
    for feature in FEATURES:
        assert (HERE / f"test_sales_{feature}_walk.py").exists(), f"{feature} needs its cross-tenant walk"


def test_the_module_imports_only_the_sdk_of_the_core():
    package = HERE.parents[2] / "plugins" / "sales_automation"
    offenders = [str(path.relative_to(package)) for path in package.rglob("*.py")
                 if any(line.strip().startswith(("from crm_platform", "import crm_platform"))
                        and not line.strip().startswith("from crm_platform.sdk import")
                        for line in path.read_text().splitlines())]
    assert not offenders, f"import only crm_platform.sdk: {offenders}"


def test_a_workspace_that_has_not_enabled_it_sees_none_of_it(world, page_client, api_client, enable_plugin):
    enable_plugin("acme", "sales_automation")
    assert page_client("globex", "admin").get("/sales/pipelines/").status_code == 404
    assert api_client("globex", "admin").get("/api/v1/sales/pipelines").status_code == 404


def test_the_assignment_rule_is_offered_by_name_in_chinese(world, enable_plugin, page_client):
    enable_plugin("acme", "sales_automation")
    client = page_client("acme", "admin")
    client.post("/language", data={"locale": "zh_CN"})
    html = client.get("/admin/modules/").get_data(as_text=True)
    assert '<option value="round_robin"' in html and "轮流分配" in html


def test_its_dashboard_widgets_have_its_prefix_and_render_for_every_role(app, sales):
    from crm_platform.testing.dashboard import rendered_widgets
    from plugins.sales_automation.plugin import crm_dashboard_widgets

    # Whatever widgets the features offer (none is fine): unique "sales." keys, each rendering for every role.
    rendered_widgets(app, sales.acme, crm_dashboard_widgets, "sales.")
