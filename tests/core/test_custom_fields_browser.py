"""An admin adds a custom choice field, a rep fills it in on the customer form, and the list filters by it, in Chromium.

CSRF is on as in production; everything goes through the pages a person uses.
"""
import pytest

import browser_support
from browser_support import chromium_page, live_server, select_by_text, submit

PASSWORD = "browser-test-pw"


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def add_rep(page, url):
    """Add Bo, a sales rep, through the Users page."""
    page.goto(f"{url}/org/users")
    page.locator("main a", has_text="New user").click()
    page.fill("input[name=name]", "Bo Rep")
    page.fill("input[name=email]", "bo@fields.test")
    page.select_option("select[name=role]", "rep")
    page.fill("input[name=password]", PASSWORD)
    submit(page, "form", "Add user")
    page.wait_for_url("**/org/users")


def add_customer(page, url, name, tier=None):
    """Create a customer through the form, choosing its tier when given."""
    page.goto(f"{url}/customers/new")
    page.fill("input[name=name]", name)
    if tier:
        page.select_option("select[name=cf_tier]", tier)
    submit(page, "form", "Create customer")
    page.wait_for_url("**/customers/*")
    assert page.locator("h1").inner_text() == name


@pytest.mark.browser
def test_an_admin_adds_a_choice_field_a_rep_fills_it_and_the_list_filters_by_it(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Fields Trading", "fields-trading", "ada@fields.test", PASSWORD)
        add_rep(page, url)

        page.locator("header").get_by_role("link", name="Workspace").click()
        page.get_by_role("link", name="Custom fields of customers, contacts and modules").click()
        page.wait_for_url("**/admin/custom-fields/")
        page.locator("#entity-customer a", has_text="Add a field").click()
        page.fill("input[name=key]", "tier")
        page.fill("input[name=label]", "Tier")
        page.select_option("select[name=type]", "choice")
        submit(page, "form", "Add field")
        assert "at least one choice" in page.locator("#choices-error").inner_text()
        page.fill("textarea[name=choices]", "Gold\nSilver\nBronze")
        submit(page, "form", "Add field")
        page.wait_for_url("**/admin/custom-fields/")
        assert "Field Tier added." in page.locator(".flash").inner_text()
        assert "Gold, Silver, Bronze" in page.locator("#entity-customer").inner_text()
        page.locator("header").get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/login")

        page.fill("input[name=workspace]", "fields-trading")
        page.fill("input[name=email]", "bo@fields.test")
        page.fill("input[name=password]", PASSWORD)
        submit(page, "form", "Sign in")
        page.wait_for_url("**/dashboard/")
        add_customer(page, url, "金桥贸易", tier="Gold")
        assert "Gold" in page.locator("#file").inner_text()
        add_customer(page, url, "Silverline Ltd", tier="Silver")
        add_customer(page, url, "No Tier Co")
        page.locator("main a[role=button]", has_text="Edit").click()
        select_by_text(page, "select[name=cf_tier]", "Bronze")
        submit(page, "form", "Save")
        page.wait_for_url("**/customers/*")
        assert "Bronze" in page.locator("#file").inner_text()

        page.goto(f"{url}/customers/")
        page.locator("summary", has_text="Custom fields").click()
        page.select_option("select[name=cf_tier]", "Gold")
        page.locator("input[name=cols][value=cf_tier]").check()
        submit(page, "form[role=search]", "Search")
        page.wait_for_url("**/customers/?*cf_tier=Gold*")
        rows = page.locator("table.data tbody tr")
        assert rows.count() == 1
        assert "金桥贸易" in rows.first.inner_text() and "Gold" in rows.first.inner_text()
        assert page.locator("table.data thead").get_by_text("Tier").is_visible()
        assert "1 customer matches." in page.locator("main").inner_text()
