"""The admin's first hour in a real Chromium, with CSRF on: sign up, build the team, hand out customers.

It ends with a rep signing in and seeing only their own customers, the promise
the org chart and the visibility policy make together.
"""
import pytest

import browser_support
from browser_support import chromium_page, live_server, select_by_text, submit

PASSWORD = "browser-test-pw"
REPS = {"North": ("Nora North", "nora@browser.test", ["Northwind Foods", "Nordic Tools"]),
        "South": ("Sam South", "sam@browser.test", ["Southern Steel"])}


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def sign_up(page, url):
    """Open the Browser Trading workspace as Ada, its admin."""
    browser_support.sign_up(page, url, "Browser Trading", "browser-trading", "ada@browser.test", PASSWORD)


def add_unit(page, url, name):
    page.goto(f"{url}/org/units")
    form = page.locator("main form[action$='/units/new']")
    form.locator("input[name=name]").fill(name)
    form.locator("select[name=kind]").select_option("branch")
    select_by_text(page, "main form[action$='/units/new'] select[name=parent_id]", "Browser Trading")
    form.get_by_role("button", name="Add unit").click()
    assert f"Unit {name} added." in page.locator(".flash").inner_text()


def add_rep(page, url, unit, name, email):
    page.goto(f"{url}/org/users")
    page.locator("main a", has_text="New user").click()
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    page.select_option("select[name=role]", "rep")
    select_by_text(page, "select[name=org_unit_id]", unit)
    page.fill("input[name=password]", PASSWORD)
    submit(page, "form", "Add user")
    page.wait_for_url("**/org/users")
    row = page.locator("table.data tr", has_text=email)
    assert unit in row.inner_text() and "Sales rep" in row.inner_text()


def add_customer(page, url, name, owner):
    page.goto(f"{url}/customers/new")
    page.fill("input[name=name]", name)
    select_by_text(page, "select[name=owner_id]", owner)
    submit(page, "form", "Create customer")
    page.wait_for_url("**/customers/*")
    assert page.locator("h1").inner_text() == name


@pytest.mark.browser
def test_signup_team_and_a_rep_sees_only_their_customers(browser_app):
    """Sign up, add two units and a rep in each, give each rep customers, then look as one rep."""
    with live_server(browser_app) as url, chromium_page() as page:
        sign_up(page, url)
        for unit in REPS:
            add_unit(page, url, unit)
        for unit, (name, email, _) in REPS.items():
            add_rep(page, url, unit, name, email)
        for name, _, customers in REPS.values():
            for customer in customers:
                add_customer(page, url, customer, name)

        browser_support.sign_out(page)
        _, email, own = REPS["North"]
        browser_support.sign_in(page, url, "browser-trading", email, PASSWORD)
        browser_support.open_customer_list(page)

        listed = page.locator("main table.data tbody").inner_text()
        for customer in own:
            assert customer in listed
        for customer in REPS["South"][2]:
            assert customer not in listed
        assert page.locator("main table.data tbody tr").count() == len(own)
        # A rep has no admin pages in the menu, and the pages themselves refuse them.
        assert page.locator("header").get_by_role("link", name="Users").count() == 0
        assert page.goto(f"{url}/org/users").status == 403
