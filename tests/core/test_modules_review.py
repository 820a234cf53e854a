"""Plugin platform review fixes: secrets, tenant leaks, stale settings, refusal order, migration branches.

- M1: broken plugins keep their versions folder on Alembic's path; `crm plugins` warns
  about revisions in the database that no folder provides.
- M2: plugin settings (which may hold secrets) are shown only to `modules.manage`.
- M4: module state is per tenant even under `unscoped(...)`, as plugin CLI commands run.
- L2: stored settings that no longer validate fall back to the defaults and are flagged.
- L4: a broken plugin is a 409 whatever settings come with the request.
"""
import logging

import pytest
from flask import g
from marshmallow import Schema, fields, validate
from sqlalchemy import select, text

from crm_platform import sdk
from crm_platform.extensions import db
from crm_platform.models import TenantModule
from crm_platform.modules.migrations import unknown_revisions
from crm_platform.modules.state import (
    enabled_names, is_enabled, module_row, plugin_settings, set_module, settings_problem,
)
from crm_platform.tenancy import tenant_scope, unscoped


class SecretSettings(Schema):
    """A secret and a setting with a default."""

    api_key = fields.Str(required=True, validate=validate.Length(min=8))
    size = fields.Int(load_default=5)


class SecretPlugin:
    """A plugin whose settings hold a secret."""

    @sdk.hookimpl
    def crm_plugin_info(self):
        return sdk.PluginInfo("Secret")

    @sdk.hookimpl
    def crm_settings_schema(self):
        return SecretSettings


class SizeSettings(Schema):
    """Version 2 of a plugin's settings: `size` became an integer, `old` was dropped."""

    size = fields.Int(load_default=5)


class SizedPlugin:
    """A page that shows its settings, and a customer panel, to see stale settings take neither down."""

    @sdk.hookimpl
    def crm_plugin_info(self):
        return sdk.PluginInfo("Sized")

    @sdk.hookimpl
    def crm_settings_schema(self):
        return SizeSettings

    @sdk.hookimpl
    def crm_blueprints(self):
        pages = sdk.Blueprint("sized", __name__, url_prefix="/sized")

        @pages.route("/")
        @sdk.page_login_required
        def index():
            return f"size={sdk.plugin_settings('crm_sized')['size']}"

        return [pages]

    @sdk.hookimpl
    def crm_customer_panels(self, customer, user):
        return [sdk.Panel("Sized panel", sdk.Markup("<p>size {}</p>").format(
            sdk.plugin_settings("crm_sized")["size"]))]


class LateBreakingPlugin:
    """Broken after its settings schema and versions folder were read: its blueprints raise."""

    @sdk.hookimpl
    def crm_settings_schema(self):
        return SizeSettings

    @sdk.hookimpl
    def crm_migrations_dir(self):
        return "/nonexistent/crm_late/migrations/versions"

    @sdk.hookimpl
    def crm_blueprints(self):
        raise RuntimeError("blueprints broke")


class UnknownHookPlugin:
    """Broken: implements a hook the core does not define (so no settings schema is known)."""

    @sdk.hookimpl
    def crm_nonexistent(self):
        return None


PLUGINS = {"crm_secret": SecretPlugin(), "crm_sized": SizedPlugin(), "crm_late": LateBreakingPlugin(),
           "crm_unknown_hook": UnknownHookPlugin()}
pytestmark = pytest.mark.app_config(CRM_PLUGINS=PLUGINS, PROPAGATE_EXCEPTIONS=False)


def modules_of(client):
    """GET /api/v1/modules as {name: module}."""
    response = client.get("/api/v1/modules")
    assert response.status_code == 200
    return {item["name"]: item for item in response.json["items"]}


def store_raw_settings(tenant_session, tenant, name, settings):
    """Write settings as an older plugin version might have, bypassing validation."""
    with tenant_session(tenant) as session:
        row = session.scalar(select(TenantModule).where(TenantModule.name == name))
        row.settings = settings
        session.commit()


# -- M2: settings are for those who manage modules ---------------------------------------

def test_settings_are_hidden_from_users_without_modules_manage(world, api_client, enable_plugin):
    """A rep and an executive list the modules without settings; the admin sees them."""
    enable_plugin("acme", "crm_secret", settings={"api_key": "s3cr3t-token"})
    for user in ("rep_n1", "executive"):
        client = api_client("acme", user)
        listed = modules_of(client)
        assert all(module["settings"] is None for module in listed.values())
        assert all(module["settings_problem"] is None for module in listed.values())
        assert listed["crm_secret"]["enabled"] is True
        assert listed["crm_secret"]["settings_fields"][0]["name"] == "api_key"
        one = client.get("/api/v1/modules/crm_secret")
        assert one.status_code == 200 and one.json["settings"] is None
        assert "s3cr3t-token" not in client.get("/api/v1/modules").get_data(as_text=True)
    admin = api_client("acme", "admin")
    assert modules_of(admin)["crm_secret"]["settings"] == {"api_key": "s3cr3t-token", "size": 5}
    assert admin.get("/api/v1/modules/crm_secret").json["settings"]["api_key"] == "s3cr3t-token"


# -- M4: per tenant, even unscoped ---------------------------------------------------------

def test_module_state_stays_per_tenant_under_unscoped(app, world, enable_plugin):
    """Globex under `unscoped` sees none of Acme's modules or secrets, and nothing wrong is cached."""
    enable_plugin("acme", "crm_secret", settings={"api_key": "ACME-SECRET-KEY", "size": 7})
    with app.test_request_context():
        with tenant_scope(world.globex.id), unscoped("test: plugin command for globex"):
            assert enabled_names() == frozenset()
            assert not is_enabled("crm_secret")
            assert module_row("crm_secret") is None
            assert plugin_settings("crm_secret") == {"size": 5}
            assert "crm_enabled_modules" not in g
        with tenant_scope(world.globex.id):
            assert enabled_names() == frozenset()
            assert plugin_settings("crm_secret") == {"size": 5}
        with tenant_scope(world.acme.id), unscoped("test: plugin command for acme"):
            assert enabled_names() == frozenset({"crm_secret"})
            assert plugin_settings("crm_secret") == {"api_key": "ACME-SECRET-KEY", "size": 7}
        with tenant_scope(world.acme.id):
            assert enabled_names() == frozenset({"crm_secret"})
        assert set(g.crm_enabled_modules) == {world.globex.id, world.acme.id}
        assert g.crm_enabled_modules[world.globex.id] == frozenset()


def test_set_module_under_unscoped_writes_the_scoped_tenant_only(app, world, enable_plugin):
    """Enabling for Globex from an operator command creates Globex's row and leaves Acme's alone."""
    enable_plugin("acme", "crm_secret", settings={"api_key": "ACME-SECRET-KEY"})
    with app.test_request_context():
        with tenant_scope(world.globex.id), unscoped("test: enable for globex"):
            row = set_module("crm_secret", True, {"api_key": "GLOBEX-KEY-123"})
            assert row.tenant_id == world.globex.id
        with unscoped("test: read every tenant's rows"):
            rows = {(r.tenant_id, r.settings["api_key"]) for r in db.session.scalars(select(TenantModule))}
    assert rows == {(world.acme.id, "ACME-SECRET-KEY"), (world.globex.id, "GLOBEX-KEY-123")}


# -- L2: stale settings --------------------------------------------------------------------

def test_stale_settings_fall_back_to_defaults_and_are_flagged(world, enable_plugin, tenant_session, page_client,
                                                               api_client, caplog):
    """Pages and panels keep working on the defaults; the log, the API and the admin page say why."""
    enable_plugin("acme", "crm_sized", settings={"size": 9})
    store_raw_settings(tenant_session, "acme", "crm_sized", {"size": "big", "old": 1})
    rep = page_client("acme", "rep_n1")
    with caplog.at_level(logging.WARNING, logger="crm.plugins"):
        page = rep.get("/sized/")
    assert (page.status_code, page.get_data(as_text=True)) == (200, "size=5")
    assert any("crm_sized" in record.getMessage() for record in caplog.records
               if record.levelno == logging.WARNING)
    customer = world.acme.customers["house"]
    assert "size 5" in page_client("acme", "admin").get(f"/customers/{customer.id}").get_data(as_text=True)

    admin = api_client("acme", "admin")
    problem = admin.get("/api/v1/modules/crm_sized").json["settings_problem"]
    assert set(problem) == {"size", "old"}
    html = page_client("acme", "admin").get("/admin/modules/").get_data(as_text=True)
    assert 'id="module-crm_sized-settings-problem"' in html
    assert "no longer fit" in html

    assert admin.put("/api/v1/modules/crm_sized", json={"enabled": True, "settings": {"size": 3}}).status_code == 200
    assert admin.get("/api/v1/modules/crm_sized").json["settings_problem"] is None
    assert rep.get("/sized/").get_data(as_text=True) == "size=3"
    assert 'id="module-crm_sized-settings-problem"' not in page_client("acme", "admin").get(
        "/admin/modules/").get_data(as_text=True)


def test_settings_problem_helper(app, world, enable_plugin, tenant_session):
    """None when fine or never configured; the field errors when the stored settings no longer validate."""
    enable_plugin("acme", "crm_sized")
    with app.test_request_context(), tenant_scope(world.acme.id):
        assert settings_problem("crm_sized") is None
        assert settings_problem("crm_secret") is None  # never configured, off
    store_raw_settings(tenant_session, "acme", "crm_sized", {"size": "big"})
    with app.test_request_context(), tenant_scope(world.acme.id):
        assert settings_problem("crm_sized") == {"size": ["Not a valid integer."]}
    with app.test_request_context(), tenant_scope(world.globex.id):
        assert settings_problem("crm_sized") is None


def test_stale_settings_with_a_required_field_give_the_defaults_there_are(app, world, enable_plugin,
                                                                          tenant_session):
    """A schema with a required field and no default still gives its other defaults."""
    enable_plugin("acme", "crm_secret", settings={"api_key": "long-enough-key"})
    store_raw_settings(tenant_session, "acme", "crm_secret", {"api_key": "short"})
    with app.test_request_context(), tenant_scope(world.acme.id):
        assert plugin_settings("crm_secret") == {"size": 5}


# -- L4: broken means 409, before settings are looked at -----------------------------------

@pytest.mark.parametrize("name", ["crm_late", "crm_unknown_hook"])
@pytest.mark.parametrize("enabled", [True, False])
def test_a_broken_plugin_with_settings_is_409(world, api_client, name, enabled):
    """Bad settings or good ones, on or off: a broken plugin's settings cannot change (409, not 422)."""
    client = api_client("acme", "admin")
    for settings in ({"size": "not a number"}, {"size": 3}):
        response = client.put(f"/api/v1/modules/{name}", json={"enabled": enabled, "settings": settings})
        assert response.status_code == 409, response.json
        assert "broken" in response.json["error"]["message"]
    assert modules_of(client)[name]["enabled"] is False


def test_a_broken_plugin_can_still_be_turned_off(world, api_client):
    """Disabling a broken plugin without settings is allowed (it is off anyway)."""
    response = api_client("acme", "admin").put("/api/v1/modules/crm_late", json={"enabled": False})
    assert response.status_code == 200 and response.json["enabled"] is False


# -- M1: migration branches ------------------------------------------------------------------

def test_broken_plugins_keep_their_versions_folder_on_the_path(app):
    """A plugin broken after its versions folder was read stays on Alembic's version_locations."""
    record = app.extensions["crm_plugins"].records["crm_late"]
    assert record.status == "broken" and record.migrations_dir
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        assert record.migrations_dir in config.get_main_option("version_locations").split(":")


def test_crm_plugins_warns_about_revisions_no_folder_provides(app):
    """A revision left by an uninstalled plugin is named, with the way out."""
    with app.app_context():
        created = False
        with db.engine.begin() as connection:
            if not db.inspect(connection).has_table("alembic_version"):
                connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
                created = True
            connection.execute(text("INSERT INTO alembic_version (version_num) VALUES ('gone_0001')"))
        try:
            assert unknown_revisions() == ["gone_0001"]
            result = app.test_cli_runner().invoke(args=["plugins"])
            assert result.exit_code == 0, result.output
            assert "gone_0001" in result.output
            assert "crm db downgrade <plugin>@base" in result.output
        finally:
            with db.engine.begin() as connection:
                if created:
                    connection.execute(text("DROP TABLE alembic_version"))
                else:
                    connection.execute(text("DELETE FROM alembic_version WHERE version_num = 'gone_0001'"))


def test_crm_plugins_is_quiet_when_every_revision_is_known(app):
    """No alembic_version table (or only known revisions): no warning."""
    with app.app_context():
        assert unknown_revisions() in ([], None)
        assert "warning" not in app.test_cli_runner().invoke(args=["plugins"]).output
