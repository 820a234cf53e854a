"""A plugin that misbehaves stays contained: it never reaches a tenant that did not enable it,
never breaks pages, and cannot take over the core's roles or permissions."""
import logging
import re

import pytest

from crm_platform import roles, sdk
from crm_platform.testing import PASSWORD


def page(name, prefix=None):
    """A plugin page blueprint answering "<name> page"."""
    bp = sdk.Blueprint(name, __name__, url_prefix=prefix or f"/{name}")

    @bp.route("/")
    @sdk.page_login_required
    def index():
        return f"{name} page"

    @bp.route("/form", methods=["POST"])
    @sdk.page_login_required
    def form():
        return "posted"

    return bp


class ClashLater:
    """Registers one blueprint, then clashes with a core blueprint name and breaks."""

    @sdk.hookimpl
    def crm_blueprints(self):
        return [page("leaky"), page("customers", "/leaky2")]


class Nested:
    """A parent blueprint with a nested child."""

    @sdk.hookimpl
    def crm_blueprints(self):
        parent = page("nestparent")
        parent.register_blueprint(page("child", "/child"))
        return [parent]


class Garbage:
    """Returns the wrong shapes from tenant hooks."""

    @sdk.hookimpl
    def crm_menu_items(self, user):
        return sdk.MenuItem("Bare item", "customers.index")  # not a list

    @sdk.hookimpl
    def crm_customer_panels(self, customer, user):
        return [None]


class DeadLink:
    """A menu item pointing at an endpoint that does not exist."""

    @sdk.hookimpl
    def crm_menu_items(self, user):
        return [sdk.MenuItem("Nowhere", "nowhere.index")]


class SchemaInstance:
    """Returns a schema instance where a class is expected."""

    @sdk.hookimpl
    def crm_settings_schema(self):
        return sdk.BaseSchema()


class StringRequires:
    """Declares requires as a string."""

    @sdk.hookimpl
    def crm_plugin_info(self):
        return sdk.PluginInfo("Needs base", requires="base")


class Takeover:
    """Tries to replace the core's rep role and hand out a core permission."""

    @sdk.hookimpl
    def crm_roles(self):
        return [sdk.Role("rep", "Rep", "all")]


class Grabber:
    """Tries to grant a core permission to reps."""

    @sdk.hookimpl
    def crm_permissions(self):
        return {"customers.delete": ["rep"]}


class Recorder:
    """Records customer creations."""

    def __init__(self):
        self.seen = []

    @sdk.hookimpl
    def crm_customer_created(self, customer):
        self.seen.append(customer.name)


FIRST, SECOND = Recorder(), Recorder()
PLUGINS = {"clash": ClashLater(), "nested": Nested(), "garbage": Garbage(), "deadlink": DeadLink(),
           "schemainstance": SchemaInstance(), "stringrequires": StringRequires(), "takeover": Takeover(),
           "grabber": Grabber(), "recorder": FIRST}
pytestmark = pytest.mark.app_config(CRM_PLUGINS=PLUGINS)


def _status(app, name):
    return app.extensions["crm_plugins"].records[name].status


def test_routes_of_a_plugin_that_broke_after_registering_stay_closed(app, world, page_client):
    assert _status(app, "clash") == "broken"
    assert page_client("globex", "rep_s1").get("/leaky/").status_code == 404


def test_nested_blueprints_are_gated_by_their_parent(app, world, page_client, enable_plugin):
    client = page_client("globex", "rep_s1")
    assert client.get("/nestparent/child/").status_code == 404
    enable_plugin("globex", "nested")
    assert client.get("/nestparent/child/").data == b"child page"


def test_wrong_shapes_from_tenant_hooks_do_not_break_pages(world, page_client, enable_plugin, caplog):
    for name in ("garbage", "deadlink"):
        enable_plugin("acme", name)
    client = page_client("acme", "admin")
    customer_id = next(iter(world.acme.customers.values())).id
    with caplog.at_level(logging.ERROR, logger="crm.plugins"):
        assert client.get("/customers/").status_code == 200
        assert client.get(f"/customers/{customer_id}").status_code == 200
    logged = caplog.text
    assert "plugin garbage failed in crm_menu_items" in logged
    assert "plugin garbage failed in crm_customer_panels" in logged
    assert "plugin deadlink failed in crm_menu_items" in logged


def test_start_up_results_of_the_wrong_kind_break_only_that_plugin(app, api_client):
    assert "Schema class" in app.extensions["crm_plugins"].records["schemainstance"].error
    assert "requires" in app.extensions["crm_plugins"].records["stringrequires"].error
    assert api_client("acme", "admin").get("/api/v1/modules").status_code == 200


def test_a_plugin_cannot_replace_roles_or_grant_core_permissions(app, world):
    assert "already exists" in app.extensions["crm_plugins"].records["takeover"].error
    assert "customers.delete" in app.extensions["crm_plugins"].records["grabber"].error
    with app.app_context():
        assert roles.get_role("rep").scope == "own"
        assert "customers.delete" not in roles.get_role("rep").permissions


def test_a_second_plugin_of_the_same_name_is_refused_and_the_first_stays_gated(app, world, api_client):
    registry = app.extensions["crm_plugins"]
    duplicate = registry.add("recorder", SECOND)
    assert duplicate.status == "broken" and "already installed" in duplicate.error
    assert registry.records["recorder"].ok
    FIRST.seen.clear()
    api_client("globex", "admin").post("/api/v1/customers", json={"name": "Nobody hears"})
    assert FIRST.seen == [] and SECOND.seen == []


@pytest.mark.app_config(CRM_PLUGINS=PLUGINS, WTF_CSRF_ENABLED=True)
def test_a_disabled_plugins_route_is_a_404_before_csrf(app, world):
    client = app.test_client()
    token = re.search(rb'name="csrf_token" value="([^"]+)"', client.get("/login").data).group(1).decode()
    signed_in = client.post("/login", data={"csrf_token": token, "workspace": "globex",
                                            "email": world.globex.users["rep_s1"].email, "password": PASSWORD})
    assert signed_in.status_code == 302
    # No CSRF token: a missing route and a disabled plugin's route answer alike.
    assert client.post("/no-such-route").status_code == 404
    assert client.post("/nestparent/form").status_code == 404
