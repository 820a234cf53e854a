"""Issue 8, for plugin authors: the Modules page's settings form keeps a stored null when saved unchanged."""
import re

import pytest
from marshmallow import Schema, fields

from crm_platform import sdk


class LimitSettings(Schema):
    """An optional number with a default: null means "no limit", which the form must keep."""

    limit = fields.Int(load_default=3, allow_none=True)
    title = fields.Str(load_default="Board")


class LimitPlugin:
    """Only settings."""

    @sdk.hookimpl
    def crm_plugin_info(self):
        return sdk.PluginInfo("Limits")

    @sdk.hookimpl
    def crm_settings_schema(self):
        return LimitSettings


pytestmark = pytest.mark.app_config(CRM_PLUGINS={"crm_limits": LimitPlugin()})


def _settings(api):
    return api.get("/api/v1/modules/crm_limits").json["settings"]


def _form_values(html):
    """The values the settings form of crm_limits shows, as the browser would send them back."""
    form = re.search(r'<form[^>]*action="/admin/modules/crm_limits/settings".*?</form>', html, re.S).group(0)
    return {name: value for name, value in re.findall(r'<input type="(?:text|number)" name="(\w+)" value="([^"]*)"',
                                                        form)}


def test_a_stored_null_survives_saving_the_form_unchanged(world, api_client, page_client):
    api, page = api_client("acme", "admin"), page_client("acme", "admin")
    stored = api.put("/api/v1/modules/crm_limits", json={"enabled": True, "settings": {"limit": None}})
    assert stored.status_code == 200 and stored.json["settings"]["limit"] is None

    values = _form_values(page.get("/admin/modules/").get_data(as_text=True))
    assert values == {"limit": "", "title": "Board"}
    assert page.post("/admin/modules/crm_limits/settings", data=values).status_code == 302

    assert _settings(api) == {"limit": None, "title": "Board"}


def test_the_default_still_applies_until_something_is_stored(world, api_client, page_client):
    page = page_client("acme", "admin")
    assert _form_values(page.get("/admin/modules/").get_data(as_text=True)) == {"limit": "3", "title": "Board"}
    assert page.post("/admin/modules/crm_limits/settings", data={"limit": "7", "title": ""}).status_code == 302
    assert _settings(api_client("acme", "admin")) == {"limit": 7, "title": "Board"}
