"""Per-tenant modules: the modules API and admin page, with plugins registered per test.

`NotesPlugin` uses the extension points a tenant can see (a page, an API, a menu
entry, a customer panel, a reaction to new customers, settings); the others are
small on purpose: two that depend on each other, one with a required setting, and
two broken ones. Plugin state lives in the app, so every test starts clean.
"""
import pytest
from flask import current_app, request
from marshmallow import Schema, fields, validate

from crm_platform import sdk


def _state():
    """This app's notes (tenant id -> [text]) and the customers the plugin saw created."""
    return current_app.extensions.setdefault("testnotes", {"notes": {}, "created": []})


class NotesSettings(Schema):
    """The notes plugin's settings: one field of each kind the admin page renders."""

    heading = fields.Str(load_default="Notes", validate=validate.Length(min=1, max=40))
    per_page = fields.Int(load_default=10, validate=validate.Range(min=1, max=50))
    colour = fields.Str(load_default="blue", validate=validate.OneOf(["blue", "green"]))
    digest = fields.Bool(load_default=False)
    reply_to = fields.Email()


class NotesPlugin:
    """Notes per workspace, kept in memory, shown on a page, an API, a menu entry and a customer panel."""

    __version__ = "1.2.0"

    @sdk.hookimpl
    def crm_plugin_info(self):
        return sdk.PluginInfo("Test notes", "Short notes for the whole workspace.")

    @sdk.hookimpl
    def crm_settings_schema(self):
        return NotesSettings

    @sdk.hookimpl
    def crm_blueprints(self):
        pages = sdk.Blueprint("testnotes", __name__, url_prefix="/testnotes")
        api = sdk.ApiBlueprint("testnotes_api", __name__)

        @pages.route("/")
        @sdk.page_login_required
        def index():
            """The workspace's notes under the heading from the settings."""
            heading = sdk.plugin_settings("crm_testnotes")["heading"]
            notes = _state()["notes"].get(sdk.current_tenant_id(), [])
            return sdk.Markup("<h1>{}</h1>{}").format(heading, ", ".join(notes))

        @api.route("/testnotes", methods=["GET", "POST"])
        @sdk.api_login_required
        def notes():
            """List the workspace's notes, or add one."""
            mine = _state()["notes"].setdefault(sdk.current_tenant_id(), [])
            if request.method == "POST":
                mine.append(request.get_json()["text"])
            return {"items": mine}

        return [pages, api]

    @sdk.hookimpl
    def crm_menu_items(self, user):
        return [sdk.MenuItem("Test notes", "testnotes.index")]

    @sdk.hookimpl
    def crm_customer_panels(self, customer, user):
        return [sdk.Panel("Notes panel", sdk.Markup("<p>Notes about {}</p>").format(customer.name))]

    @sdk.hookimpl
    def crm_customer_created(self, customer):
        _state()["created"].append((customer.tenant_id, customer.name))


class AddonSettings(Schema):
    """A setting with a default, to show that a refused change stores nothing."""

    level = fields.Int(load_default=1)


class BasePlugin:
    """A plugin others build on."""

    @sdk.hookimpl
    def crm_plugin_info(self):
        return sdk.PluginInfo("Base")


class AddonPlugin:
    """A plugin that needs crm_base enabled first."""

    @sdk.hookimpl
    def crm_plugin_info(self):
        return sdk.PluginInfo("Addon", requires=("crm_base",))

    @sdk.hookimpl
    def crm_settings_schema(self):
        return AddonSettings


class KeyedSettings(Schema):
    """A setting without which the plugin cannot work."""

    api_key = fields.Str(required=True, validate=validate.Length(min=8))


class KeyedPlugin:
    """A plugin that cannot be enabled before its settings are given."""

    @sdk.hookimpl
    def crm_plugin_info(self):
        return sdk.PluginInfo("Keyed")

    @sdk.hookimpl
    def crm_settings_schema(self):
        return KeyedSettings


class UnknownHookPlugin:
    """Broken: implements a hook the core does not define."""

    @sdk.hookimpl
    def crm_nonexistent(self):
        return None


class FailingInfoPlugin:
    """Broken: its start-up hook raises."""

    @sdk.hookimpl
    def crm_plugin_info(self):
        raise RuntimeError("cannot read my manifest")


PLUGINS = {"crm_testnotes": NotesPlugin(), "crm_base": BasePlugin(), "crm_addon": AddonPlugin(),
           "crm_keyed": KeyedPlugin(), "crm_unknown_hook": UnknownHookPlugin(),
           "crm_failing_info": FailingInfoPlugin()}
pytestmark = pytest.mark.app_config(CRM_PLUGINS=PLUGINS)


def modules_of(client):
    """GET /api/v1/modules as {name: module}."""
    response = client.get("/api/v1/modules")
    assert response.status_code == 200
    assert response.json["next_cursor"] is None
    return {item["name"]: item for item in response.json["items"]}


def put(client, name, **body):
    """PUT /api/v1/modules/<name> with `body`."""
    return client.put(f"/api/v1/modules/{name}", json=body)


# -- the list ---------------------------------------------------------------------------

def test_everyone_sees_ok_and_broken_plugins_with_their_errors(world, api_client):
    """Any signed-in user lists every installed plugin; broken ones carry their error; settings are admins'."""
    listed = modules_of(api_client("acme", "rep_n1"))
    assert set(PLUGINS) <= set(listed)
    notes = listed["crm_testnotes"]
    assert notes | {"settings_fields": None} == {
        "name": "crm_testnotes", "label": "Test notes", "description": "Short notes for the whole workspace.",
        "version": "1.2.0", "status": "ok", "error": None, "requires": [], "enabled": False,
        "settings": None, "settings_problem": None, "settings_fields": None}
    assert modules_of(api_client("acme", "admin"))["crm_testnotes"]["settings"] == {
        "heading": "Notes", "per_page": 10, "colour": "blue", "digest": False}
    assert listed["crm_addon"]["requires"] == ["crm_base"]
    unknown, failing = listed["crm_unknown_hook"], listed["crm_failing_info"]
    assert unknown["status"] == failing["status"] == "broken"
    assert "crm_nonexistent" in unknown["error"]
    assert "RuntimeError: cannot read my manifest" == failing["error"]


def test_broken_plugins_leave_the_app_and_other_plugins_working(world, api_client, enable_plugin):
    """The core's API and a sound plugin work next to two broken plugins."""
    enable_plugin("acme", "crm_testnotes")
    client = api_client("acme", "admin")
    assert client.get("/api/v1/customers").status_code == 200
    assert client.post("/api/v1/testnotes", json={"text": "still here"}).json == {"items": ["still here"]}


def test_settings_fields_describe_the_schema(world, api_client):
    """Each settings field with its type, requiredness, default and allowed values."""
    fields_ = {f["name"]: f for f in modules_of(api_client("acme", "admin"))["crm_testnotes"]["settings_fields"]}
    assert list(fields_) == ["heading", "per_page", "colour", "digest", "reply_to"]
    assert fields_["heading"] | {"label": None} == {"name": "heading", "label": None, "description": None,
                                                    "type": "string", "required": False, "default": "Notes",
                                                    "choices": None, "choice_labels": None, "multiline": False}
    assert (fields_["per_page"]["type"], fields_["per_page"]["default"]) == ("integer", 10)
    assert (fields_["colour"]["type"], fields_["colour"]["choices"]) == ("string", ["blue", "green"])
    assert fields_["colour"]["choice_labels"] == ["blue", "green"]  # no labels given: the values
    assert (fields_["digest"]["type"], fields_["digest"]["default"]) == ("boolean", False)
    assert (fields_["reply_to"]["type"], fields_["reply_to"]["default"]) == ("email", None)
    keyed = modules_of(api_client("acme", "admin"))["crm_keyed"]["settings_fields"]
    assert keyed[0]["required"] is True


def test_one_module_and_an_unknown_one(world, api_client):
    """GET and PUT of a plugin that is not installed are 404."""
    client = api_client("acme", "admin")
    assert client.get("/api/v1/modules/crm_testnotes").json["label"] == "Test notes"
    assert client.get("/api/v1/modules/crm_missing").status_code == 404
    response = put(client, "crm_missing", enabled=True)
    assert response.status_code == 404
    assert "crm_missing" in response.json["error"]["message"]


# -- enabling and disabling ---------------------------------------------------------------

def test_only_admins_change_modules(world, api_client, client):
    """A rep gets 403 on PUT, nobody signed in 401; the module stays off."""
    assert put(api_client("acme", "rep_n1"), "crm_testnotes", enabled=True).status_code == 403
    assert put(api_client("acme", "executive"), "crm_testnotes", enabled=True).status_code == 403
    assert put(client, "crm_testnotes", enabled=True).status_code == 401
    assert modules_of(api_client("acme", "admin"))["crm_testnotes"]["enabled"] is False


@pytest.mark.parametrize("name", ["crm_unknown_hook", "crm_failing_info"])
def test_a_broken_plugin_cannot_be_enabled(world, api_client, name):
    """409 with the plugin's error in the message."""
    response = put(api_client("acme", "admin"), name, enabled=True)
    assert response.status_code == 409
    assert "broken" in response.json["error"]["message"]
    assert modules_of(api_client("acme", "admin"))[name]["enabled"] is False


def test_enabled_is_required(world, api_client):
    """The body needs `enabled`; a wrong type is a field error."""
    client = api_client("acme", "admin")
    assert put(client, "crm_testnotes").json["error"]["fields"] == {"enabled": ["Missing data for required field."]}
    assert "settings" in put(client, "crm_testnotes", enabled=True, settings="loud").json["error"]["fields"]


def test_dependencies_first_on_and_last_off(world, api_client):
    """Addon needs Base on; Base cannot go off while Addon is on."""
    client = api_client("acme", "admin")
    refused = put(client, "crm_addon", enabled=True)
    assert refused.status_code == 409
    assert "crm_base" in refused.json["error"]["message"]
    assert put(client, "crm_base", enabled=True).status_code == 200
    assert put(client, "crm_addon", enabled=True).json["enabled"] is True
    stranded = put(client, "crm_base", enabled=False)
    assert stranded.status_code == 409
    assert "crm_addon" in stranded.json["error"]["message"]
    assert put(client, "crm_addon", enabled=False).status_code == 200
    assert put(client, "crm_base", enabled=False).json["enabled"] is False


def test_a_refused_change_writes_nothing(world, api_client):
    """Settings sent with a refused change are not stored, for a new row and for an existing one."""
    client = api_client("acme", "admin")
    assert put(client, "crm_addon", enabled=True, settings={"level": 3}).status_code == 409
    assert modules_of(client)["crm_addon"]["settings"] == {"level": 1}
    put(client, "crm_base", enabled=True)
    assert put(client, "crm_addon", enabled=True, settings={"level": 2}).status_code == 200
    put(client, "crm_addon", enabled=False)
    put(client, "crm_base", enabled=False)
    assert put(client, "crm_addon", enabled=True, settings={"level": 5}).status_code == 409
    addon = modules_of(client)["crm_addon"]
    assert (addon["enabled"], addon["settings"]) == (False, {"level": 2})


@pytest.mark.parametrize("settings, field", [
    ({"per_page": 0}, "per_page"), ({"per_page": "many"}, "per_page"), ({"colour": "red"}, "colour"),
    ({"reply_to": "not an address"}, "reply_to"), ({"heading": ""}, "heading"), ({"unknown": 1}, "unknown"),
])
def test_bad_settings_are_422_per_field_and_store_nothing(world, api_client, settings, field):
    """Errors under fields.settings.<field>; the module stays off with its old settings."""
    client = api_client("acme", "admin")
    response = put(client, "crm_testnotes", enabled=True, settings=settings)
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["settings"]
    assert list(response.json["error"]["fields"]["settings"]) == [field]
    notes = modules_of(client)["crm_testnotes"]
    assert notes["enabled"] is False and notes["settings"]["per_page"] == 10


def test_a_required_setting_is_needed_to_enable(world, api_client):
    """Enabling without the required setting is 422; with it, 200; a plugin without settings refuses some."""
    client = api_client("acme", "admin")
    response = put(client, "crm_keyed", enabled=True)
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]["settings"]) == ["api_key"]
    assert put(client, "crm_keyed", enabled=True, settings={"api_key": "s3cret-key"}).json["enabled"] is True
    no_settings = put(client, "crm_base", enabled=True, settings={"x": 1})
    assert no_settings.status_code == 422 and "settings" in no_settings.json["error"]["fields"]


def test_settings_are_stored_per_tenant(world, api_client):
    """Acme's settings are Acme's; Globex still sees the defaults and the module off."""
    acme = api_client("acme", "admin")
    response = put(acme, "crm_testnotes", enabled=True,
                   settings={"heading": "Acme notes", "per_page": "20", "digest": True, "reply_to": "a@acme.test"})
    assert response.status_code == 200
    assert response.json["enabled"] is True
    assert response.json["settings"] == {"heading": "Acme notes", "per_page": 20, "colour": "blue",
                                         "digest": True, "reply_to": "a@acme.test"}
    assert modules_of(acme)["crm_testnotes"]["settings"]["heading"] == "Acme notes"
    globex = modules_of(api_client("globex", "admin"))["crm_testnotes"]
    assert globex["enabled"] is False and globex["settings"]["heading"] == "Notes"
    assert put(acme, "crm_testnotes", enabled=False).json["settings"]["heading"] == "Acme notes"


# -- what a disabled module means for a tenant ----------------------------------------

def _visible_parts(page_client, api_client, world, tenant):
    """Which of the notes plugin's parts `tenant`'s admin meets: page, API, menu entry, customer panel."""
    pages, api = page_client(tenant, "admin"), api_client(tenant, "admin")
    customer = world[tenant].customers["house"]
    return {
        "page": pages.get("/testnotes/").status_code,
        "api": api.get("/api/v1/testnotes").status_code,
        "menu": "Test notes" in pages.get("/customers/").get_data(as_text=True),
        "panel": "Notes about" in pages.get(f"/customers/{customer.id}").get_data(as_text=True),
    }


ON = {"page": 200, "api": 200, "menu": True, "panel": True}
OFF = {"page": 404, "api": 404, "menu": False, "panel": False}


def test_a_module_exists_only_for_the_tenant_that_enabled_it(app, world, page_client, api_client, enable_plugin):
    """Acme enables notes and meets all of it; Globex meets none of it, and its events stay quiet."""
    enable_plugin("acme", "crm_testnotes", settings={"heading": "Acme notes"})
    assert _visible_parts(page_client, api_client, world, "acme") == ON
    assert _visible_parts(page_client, api_client, world, "globex") == OFF
    assert "Acme notes" in page_client("acme", "admin").get("/testnotes/").get_data(as_text=True)

    assert api_client("acme", "rep_n1").post("/api/v1/customers", json={"name": "Seen"}).status_code == 201
    assert api_client("globex", "rep_n1").post("/api/v1/customers", json={"name": "Unseen"}).status_code == 201
    with app.app_context():
        assert _state()["created"] == [(world.acme.id, "Seen")]


def test_disabling_hides_everything_and_keeps_the_data(app, world, page_client, api_client, enable_plugin):
    """Off: 404s, no menu entry, no panel, no events. On again: the notes stored before are back."""
    enable_plugin("acme", "crm_testnotes")
    api = api_client("acme", "admin")
    assert api.post("/api/v1/testnotes", json={"text": "call back Monday"}).status_code == 200

    enable_plugin("acme", "crm_testnotes", enabled=False)
    assert _visible_parts(page_client, api_client, world, "acme") == OFF
    assert api.post("/api/v1/testnotes", json={"text": "lost"}).status_code == 404
    assert api.post("/api/v1/customers", json={"name": "While off"}).status_code == 201

    enable_plugin("acme", "crm_testnotes")
    assert _visible_parts(page_client, api_client, world, "acme") == ON
    assert api.get("/api/v1/testnotes").json == {"items": ["call back Monday"]}
    with app.app_context():
        assert _state()["created"] == []


def test_plugin_pages_still_need_a_sign_in(world, client, enable_plugin):
    """Nobody signed in is sent to the sign-in page by the plugin's page, and gets 401 from its API."""
    enable_plugin("acme", "crm_testnotes")
    assert client.get("/testnotes/").status_code == 302
    assert client.get("/api/v1/testnotes").status_code == 401


# -- the admin page ---------------------------------------------------------------------

def test_the_page_is_for_admins(world, page_client):
    """Admins have the page and its menu entry; a rep has neither."""
    admin = page_client("acme", "admin")
    assert admin.get("/admin/modules/").status_code == 200
    assert ">Modules</a>" in admin.get("/customers/").get_data(as_text=True)
    rep = page_client("acme", "rep_n1")
    assert rep.get("/admin/modules/").status_code == 403
    assert rep.post("/admin/modules/crm_testnotes/enabled", data={"enabled": "true"}).status_code == 403
    assert ">Modules</a>" not in rep.get("/customers/").get_data(as_text=True)


def test_the_page_lists_plugins_and_broken_ones_cannot_be_enabled(world, page_client):
    """Labels, descriptions, versions, requirements; broken ones show their error and no enable form."""
    html = page_client("acme", "admin").get("/admin/modules/").get_data(as_text=True)
    for text in ("Test notes", "Short notes for the whole workspace.", "version 1.2.0", "Requires:",
                 "crm_nonexistent", "RuntimeError: cannot read my manifest"):
        assert text in html
    assert 'action="/admin/modules/crm_testnotes/enabled"' in html
    assert 'action="/admin/modules/crm_unknown_hook/enabled"' not in html
    assert 'action="/admin/modules/crm_failing_info/enabled"' not in html


def test_enable_and_disable_through_the_page(world, page_client, api_client):
    """POST forms turn a module on and off, with a message each time."""
    admin = page_client("acme", "admin")
    response = admin.post("/admin/modules/crm_testnotes/enabled", data={"enabled": "true"}, follow_redirects=True)
    assert "Test notes enabled." in response.get_data(as_text=True)
    assert admin.get("/testnotes/").status_code == 200
    assert modules_of(api_client("acme", "admin"))["crm_testnotes"]["enabled"] is True
    response = admin.post("/admin/modules/crm_testnotes/enabled", data={"enabled": "false"}, follow_redirects=True)
    assert "Test notes disabled" in response.get_data(as_text=True)
    assert admin.get("/testnotes/").status_code == 404
    assert admin.post("/admin/modules/crm_missing/enabled", data={"enabled": "true"}).status_code == 404


def test_the_page_shows_conflicts_as_messages(world, page_client, api_client):
    """A missing dependency or a broken plugin is a flash message; nothing changes."""
    admin = page_client("acme", "admin")
    response = admin.post("/admin/modules/crm_addon/enabled", data={"enabled": "true"})
    assert response.status_code == 302
    html = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Enable crm_base first" in html
    html = admin.post("/admin/modules/crm_unknown_hook/enabled", data={"enabled": "true"},
                      follow_redirects=True).get_data(as_text=True)
    assert "cannot be enabled" in html
    listed = modules_of(api_client("acme", "admin"))
    assert listed["crm_addon"]["enabled"] is listed["crm_unknown_hook"]["enabled"] is False


def test_the_settings_form_is_built_from_the_schema(world, page_client):
    """Text, number, select, checkbox and email inputs, filled with the current settings."""
    html = page_client("acme", "admin").get("/admin/modules/").get_data(as_text=True)
    assert 'action="/admin/modules/crm_testnotes/settings"' in html
    assert 'type="text" name="heading" value="Notes"' in html
    assert 'type="number" name="per_page" value="10"' in html
    assert '<select name="colour"' in html and '<option value="green"' in html
    assert 'type="checkbox" name="digest"' in html
    assert 'type="email" name="reply_to" value=""' in html
    assert 'action="/admin/modules/crm_base/settings"' not in html


def test_bad_settings_on_the_page_show_next_to_their_fields(world, page_client, api_client):
    """422 with each error under its field and the typed values kept; nothing stored."""
    admin = page_client("acme", "admin")
    response = admin.post("/admin/modules/crm_testnotes/settings",
                          data={"heading": "Mine", "per_page": "0", "colour": "green", "reply_to": "nope"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="module-crm_testnotes-per_page-error"' in html
    assert 'id="module-crm_testnotes-reply_to-error"' in html
    assert 'id="module-crm_testnotes-heading-error"' not in html
    assert 'name="heading" value="Mine"' in html and 'name="reply_to" value="nope"' in html
    assert '<option value="green" selected>' in html
    assert modules_of(api_client("acme", "admin"))["crm_testnotes"]["settings"]["heading"] == "Notes"


def test_settings_saved_on_the_page_keep_the_module_as_it_was(world, page_client, api_client, enable_plugin):
    """Saving settings stores them for this tenant and neither enables nor disables the module."""
    admin = page_client("acme", "admin")
    response = admin.post("/admin/modules/crm_testnotes/settings",
                          data={"heading": "Ours", "per_page": "5", "colour": "green", "digest": "true",
                                "reply_to": ""}, follow_redirects=True)
    assert "Settings of Test notes saved." in response.get_data(as_text=True)
    notes = modules_of(api_client("acme", "admin"))["crm_testnotes"]
    assert notes["enabled"] is False
    assert notes["settings"] == {"heading": "Ours", "per_page": 5, "colour": "green", "digest": True}
    enable_plugin("acme", "crm_testnotes")
    admin.post("/admin/modules/crm_testnotes/settings", data={"heading": "Ours", "per_page": "5"})
    notes = modules_of(api_client("acme", "admin"))["crm_testnotes"]
    assert notes["enabled"] is True and notes["settings"]["digest"] is False
    assert modules_of(api_client("globex", "admin"))["crm_testnotes"]["settings"]["heading"] == "Notes"


def test_enabling_on_the_page_asks_for_required_settings(world, page_client, api_client):
    """Enable without the required setting: the form opens with the error; after saving it, enable works."""
    admin = page_client("acme", "admin")
    response = admin.post("/admin/modules/crm_keyed/enabled", data={"enabled": "true"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Keyed needs its settings before it can be enabled." in html
    assert 'id="module-crm_keyed-api_key-error"' in html
    assert admin.post("/admin/modules/crm_keyed/settings", data={"api_key": "long-enough"}).status_code == 302
    assert admin.post("/admin/modules/crm_keyed/enabled", data={"enabled": "true"}).status_code == 302
    assert modules_of(api_client("acme", "admin"))["crm_keyed"]["enabled"] is True
