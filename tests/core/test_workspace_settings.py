"""Workspace settings: name, time zone and care reminder days, on the admin page and the API.

Everyone reads them (GET /api/v1/workspace); only workspace.manage (admins)
changes them; bad input is a 422 with field messages and writes nothing; a
change is audited; another workspace never notices.
"""
import re
from datetime import date, datetime, timezone

import pytest

from crm_platform.models import Tenant
from crm_platform.workspace.settings import DEFAULTS, get_setting, tenant_today
from crm_platform.testing import PASSWORD

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def workspace(api_client, tenant="acme", user="rep_n1"):
    response = api_client(tenant, user).get("/api/v1/workspace")
    assert response.status_code == 200
    # The pool's settings have their own tests (tests/test_pool_rules.py).
    return {key: value for key, value in response.get_json().items() if not key.startswith("pool_")}


def test_everyone_reads_the_workspace_with_its_defaults(world, api_client):
    assert workspace(api_client) == {"id": world.acme.id, "slug": "acme", "name": "Acme", "timezone": "UTC",
                                     "care_reminder_days": 7, "locale": None, "currency": "CNY",
                                     "phone_region": "CN"}


def test_an_admin_changes_the_settings_and_the_change_is_audited(world, api_client):
    admin = api_client("acme", "admin")

    response = admin.patch("/api/v1/workspace", json={"name": "Acme China", "timezone": "Asia/Shanghai",
                                                      "care_reminder_days": 14})

    assert response.status_code == 200
    assert workspace(api_client) == {"id": world.acme.id, "slug": "acme", "name": "Acme China",
                                     "timezone": "Asia/Shanghai", "care_reminder_days": 14,
                                     "locale": None, "currency": "CNY", "phone_region": "CN"}
    assert workspace(api_client, "globex") == {"id": world.globex.id, "slug": "globex", "name": "Globex",
                                               "timezone": "UTC", "care_reminder_days": 7,
                                               "locale": None, "currency": "CNY", "phone_region": "CN"}
    entries = admin.get("/api/v1/audit?entity=workspace").get_json()["items"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["action"] == "update" and entry["entity_id"] == world.acme.id
    assert entry["actor_id"] == world.acme.users["admin"].id
    assert entry["changes"] == {"name": ["Acme", "Acme China"], "timezone": ["UTC", "Asia/Shanghai"],
                                "care_reminder_days": [7, 14]}
    # Only what changed is recorded, and nothing when nothing changed.
    assert admin.patch("/api/v1/workspace", json={"care_reminder_days": 0}).status_code == 200
    assert admin.patch("/api/v1/workspace", json={"care_reminder_days": 0}).status_code == 200
    entries = admin.get("/api/v1/audit?entity=workspace").get_json()["items"]
    assert len(entries) == 2 and entries[0]["changes"] == {"care_reminder_days": [14, 0]}  # newest first
    assert api_client("globex", "admin").get("/api/v1/audit?entity=workspace").get_json()["items"] == []


@pytest.mark.parametrize("body, field", [
    ({"timezone": "Mars/Olympus_Mons"}, "timezone"), ({"timezone": ""}, "timezone"),
    ({"care_reminder_days": 91}, "care_reminder_days"), ({"care_reminder_days": -1}, "care_reminder_days"),
    ({"care_reminder_days": 7.5}, "care_reminder_days"), ({"care_reminder_days": "7"}, "care_reminder_days"),
    ({"care_reminder_days": None}, "care_reminder_days"), ({"name": ""}, "name"), ({"name": "x" * 201}, "name"),
    ({"slug": "taken-over"}, "slug"), ({"phone_region": "ZZ"}, "phone_region")])
def test_bad_input_is_a_422_with_the_field_and_writes_nothing(world, api_client, body, field):
    response = api_client("acme", "admin").patch("/api/v1/workspace", json={"name": "Renamed", **body})

    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert workspace(api_client)["name"] == "Acme"


def test_only_admins_change_the_settings(world, api_client, app):
    for user in ("rep_n1", "manager_north", "executive"):
        assert api_client("acme", user).patch("/api/v1/workspace", json={"bogus": 1}).status_code == 403, user
    assert app.test_client().get("/api/v1/workspace").status_code == 401
    assert workspace(api_client)["name"] == "Acme"


def test_the_settings_page_is_for_admins_and_shows_the_settings(world, page_client):
    assert page_client("acme", "rep_n1").get("/admin/workspace/").status_code == 403
    assert 'href="/admin/workspace/"' not in page_client("acme", "rep_n1").get("/customers/").get_data(as_text=True)

    page = page_client("acme", "admin").get("/admin/workspace/").get_data(as_text=True)

    assert 'href="/admin/workspace/"' in page  # the admin's menu entry
    assert '<option value="UTC" selected>' in page and '<option value="Asia/Shanghai">' in page
    assert 'name="care_reminder_days" min="0" max="90"' in page and 'value="7"' in page


def test_the_settings_page_shows_field_errors_and_saves_valid_input(world, page_client, tenant_session):
    admin = page_client("acme", "admin")

    refused = admin.post("/admin/workspace/", data={"name": "Acme", "timezone": "Nowhere/Land",
                                                    "care_reminder_days": "120"})

    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'id="timezone-error"' in page and 'id="care_reminder_days-error"' in page
    assert "Enter a whole number of days from 0 to 90." in page
    assert 'value="120"' in page  # what was typed stays
    assert admin.post("/admin/workspace/", data={"name": "Acme", "timezone": "UTC", "care_reminder_days": "two"}
                      ).status_code == 422

    saved = admin.post("/admin/workspace/", data={"name": "Acme Asia", "timezone": "Asia/Shanghai",
                                                  "care_reminder_days": "30"}, follow_redirects=True)

    assert saved.status_code == 200 and "Workspace settings saved." in saved.get_data(as_text=True)
    with tenant_session("acme") as session:
        tenant = session.get(Tenant, world.acme.id)
        assert tenant.name == "Acme Asia"
        assert (get_setting(tenant, "timezone"), get_setting(tenant, "care_reminder_days")) == ("Asia/Shanghai", 30)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_settings_form_needs_the_csrf_token(app, world, tenant_session):
    client = app.test_client()
    token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"workspace": "acme", "email": "admin@example.test", "password": PASSWORD,
                                "csrf_token": token})
    token = TOKEN.search(client.get("/admin/workspace/").get_data(as_text=True)).group(1)
    data = {"name": "Forged", "timezone": "UTC", "care_reminder_days": "7"}

    assert client.post("/admin/workspace/", data=data).status_code == 400
    assert client.post("/admin/workspace/", data={**data, "name": "Real", "csrf_token": token}).status_code == 302
    with tenant_session("acme") as session:
        assert session.get(Tenant, world.acme.id).name == "Real"


def test_tenant_today_is_the_date_in_the_workspaces_time_zone():
    shanghai = Tenant(settings={"timezone": "Asia/Shanghai"})
    honolulu = Tenant(settings={"timezone": "Pacific/Honolulu"})
    moment = datetime(2026, 12, 31, 20, 0, tzinfo=timezone.utc)

    assert tenant_today(shanghai, moment) == date(2027, 1, 1)
    assert tenant_today(honolulu, moment) == date(2026, 12, 31)
    assert tenant_today(Tenant(settings={}), moment) == date(2026, 12, 31)
    # A name this machine no longer knows falls back to UTC rather than failing every page.
    assert tenant_today(Tenant(settings={"timezone": "Gone/Away"}), moment) == date(2026, 12, 31)
    # The pool's defaults are checked in tests/test_pool_rules.py.
    assert {key: value for key, value in DEFAULTS.items() if not key.startswith("pool_")} == {
        "timezone": "UTC", "care_reminder_days": 7, "locale": None, "currency": "CNY", "phone_region": "CN"}
