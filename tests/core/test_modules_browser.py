"""An admin turns a module on and off on the modules page, in a real Chromium with CSRF on.

On: its menu entry appears and its page loads. Off: the entry is gone and the page is a 404.
"""
import pytest
from flask import render_template_string

import browser_support
from browser_support import chromium_page, live_server
from crm_platform import sdk

PASSWORD = "browser-test-pw"
NOTES_PAGE = """{% extends "base.html" %}{% block title %}Browser notes{% endblock %}
{% block content %}<h1>Browser notes of {{ current_user.name }}</h1>{% endblock %}"""


class BrowserNotesPlugin:
    """A plugin with one page and a menu entry for it."""

    @sdk.hookimpl
    def crm_plugin_info(self):
        return sdk.PluginInfo("Browser notes", "Notes, for the browser test.")

    @sdk.hookimpl
    def crm_blueprints(self):
        pages = sdk.Blueprint("browsernotes", __name__, url_prefix="/browsernotes")

        @pages.route("/")
        @sdk.page_login_required
        def index():
            """The plugin's only page."""
            return render_template_string(NOTES_PAGE)

        return [pages]

    @sdk.hookimpl
    def crm_menu_items(self, user):
        return [sdk.MenuItem("Browser notes", "browsernotes.index")]


@pytest.fixture
def browser_app(tmp_path):
    """An app with the plugin installed, on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path, CRM_PLUGINS={"crm_browsernotes": BrowserNotesPlugin()}) as app:
        yield app


def sign_up(page, url):
    """Open the Module Trading workspace; its first user is the admin."""
    browser_support.sign_up(page, url, "Module Trading", "module-trading", "ada@modules.test", PASSWORD)


def toggle_on_modules_page(page, button):
    """Open the modules page from the menu and press `button` on the Browser notes card."""
    page.locator("header").get_by_role("link", name="Modules").click()
    page.wait_for_url("**/admin/modules/")
    page.locator("#module-crm_browsernotes").get_by_role("button", name=button).click()
    page.wait_for_url("**/admin/modules/")


@pytest.mark.browser
def test_enable_a_module_then_disable_it(browser_app):
    """Enable: menu entry and page. Disable: no entry, and the page answers 404."""
    menu_entry = "header a:text-is('Browser notes')"
    with live_server(browser_app) as url, chromium_page() as page:
        sign_up(page, url)
        assert page.locator(menu_entry).count() == 0
        assert page.goto(f"{url}/browsernotes/").status == 404

        page.goto(f"{url}/customers/")
        toggle_on_modules_page(page, "Enable")
        assert "Browser notes enabled." in page.locator(".flash").inner_text()
        card = page.locator("#module-crm_browsernotes")
        assert "Enabled" in card.inner_text() and "Notes, for the browser test." in card.inner_text()

        page.locator(menu_entry).click()
        page.wait_for_url("**/browsernotes/")
        assert page.locator("main h1").inner_text() == "Browser notes of Ada Admin"

        toggle_on_modules_page(page, "Disable")
        assert "Browser notes disabled" in page.locator(".flash").inner_text()
        assert page.locator(menu_entry).count() == 0
        assert page.goto(f"{url}/browsernotes/").status == 404
