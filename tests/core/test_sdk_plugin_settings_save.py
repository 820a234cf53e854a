"""The SDK's `save_plugin_settings`: a module's own settings page saves them as the Modules page does."""
import pytest
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import select
from werkzeug.exceptions import Conflict

from crm_platform import sdk
from crm_platform.models import AuditEntry, TenantModule


class RulesSettings(Schema):
    """A number with a range and a text of lines."""

    threshold = fields.Int(load_default=5, validate=validate.Range(min=1, max=9))
    rules = fields.Str(load_default="a: 1", metadata={"multiline": True, "label": "Rules"})


class RulesPlugin:
    """Only settings."""

    @sdk.hookimpl
    def crm_plugin_info(self):
        return sdk.PluginInfo("Rules")

    @sdk.hookimpl
    def crm_settings_schema(self):
        return RulesSettings


class Broken:
    """Implements a hook the core does not define."""

    @sdk.hookimpl
    def crm_no_such_hook(self):
        return None


pytestmark = pytest.mark.app_config(CRM_PLUGINS={"crm_rules": RulesPlugin(), "crm_broken": Broken()})


def _row(session):
    return session.scalar(select(TenantModule).where(TenantModule.name == "crm_rules"))


def test_it_validates_stores_audits_and_keeps_the_module_on(world, enable_plugin, tenant_session):
    enable_plugin("acme", "crm_rules")
    with tenant_session("acme", world.acme.users["admin"]) as session:
        stored = sdk.save_plugin_settings("crm_rules", {"threshold": "7", "rules": "a: 1\nb: 2"})
        assert stored == {"threshold": 7, "rules": "a: 1\nb: 2"}
        assert sdk.plugin_settings("crm_rules") == {"threshold": 7, "rules": "a: 1\nb: 2"}
        assert _row(session).enabled is True
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "module")
                                .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())).first()
        assert entry.actor_id == world.acme.users["admin"].id
        assert entry.changes["settings"][1] == {"threshold": 7, "rules": "a: 1\nb: 2"}
    with tenant_session("globex") as session:
        assert sdk.plugin_settings("crm_rules") == {"threshold": 5, "rules": "a: 1"}


def test_fields_left_out_take_their_defaults_and_an_off_module_stays_off(world, tenant_session):
    with tenant_session("acme") as session:
        assert sdk.save_plugin_settings("crm_rules", {"rules": "x: 3"}) == {"threshold": 5, "rules": "x: 3"}
        assert _row(session).enabled is False
        assert not sdk.is_enabled("crm_rules")


def test_refused_values_are_field_messages_and_write_nothing(world, enable_plugin, tenant_session):
    enable_plugin("acme", "crm_rules", settings={"threshold": 3})
    with tenant_session("acme") as session:
        with pytest.raises(ValidationError) as refused:
            sdk.save_plugin_settings("crm_rules", {"threshold": 10, "rules": "b: 2"})
        assert set(refused.value.messages) == {"threshold"}
        assert _row(session).settings == {"threshold": 3, "rules": "a: 1"}
        with pytest.raises(Conflict):
            sdk.save_plugin_settings("crm_broken", {})


def test_the_modules_page_shows_a_multiline_setting_as_a_text_area_and_keeps_its_lines(world, page_client,
                                                                                        api_client, enable_plugin):
    enable_plugin("acme", "crm_rules", settings={"rules": "a: 1\nb: 2"})
    described = api_client("acme", "admin").get("/api/v1/modules/crm_rules").json["settings_fields"]
    assert {f["name"]: f["multiline"] for f in described} == {"threshold": False, "rules": True}
    page = page_client("acme", "admin")
    html = page.get("/admin/modules/").get_data(as_text=True)
    assert '<textarea name="rules" rows="6">a: 1\nb: 2</textarea>' in html
    assert '<input type="number" name="threshold" value="5"' in html
    saved = page.post("/admin/modules/crm_rules/settings", data={"threshold": "4", "rules": "a: 1\r\nc: 3\r\n"})
    assert saved.status_code == 302
    assert api_client("acme", "admin").get("/api/v1/modules/crm_rules").json["settings"] == {
        "threshold": 4, "rules": "a: 1\nc: 3"}
