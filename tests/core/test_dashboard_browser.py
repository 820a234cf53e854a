"""In Chromium: sign in, land on the dashboard, hide a widget and move another up, see the new order; drag to reorder."""
import pytest

import browser_support
from browser_support import chromium_page, live_server, submit

PASSWORD = "browser-test-pw"
SLUG = "desk-trading"

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def shown(page):
    """The titles of the dashboard's widgets, top to bottom."""
    return [title.strip() for title in page.locator("#dashboard-widgets article.widget header h2").all_inner_texts()]


def test_choosing_and_ordering_widgets(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        browser_support.sign_up(page, url, "Desk Trading", SLUG, "ada@desk.test", PASSWORD)
        browser_support.enable_module(browser_app, SLUG, "task_dispatch")
        browser_support.sign_out(page)
        browser_support.sign_in(page, url, SLUG, "ada@desk.test", PASSWORD)
        assert shown(page) == ["Announcements", "Today's reminders", "Recent customers", "My tasks",
                              "Unassigned tasks"]

        page.locator("main").get_by_role("button", name="Customize").click()
        page.wait_for_url("**/dashboard/customize")
        page.get_by_role("checkbox", name="Today's reminders").uncheck()
        page.get_by_role("button", name="Move up: My tasks").click()
        page.wait_for_url("**/dashboard/customize#choose-dispatch.tasks")
        assert not page.get_by_role("checkbox", name="Today's reminders").is_checked()
        submit(page, "form#customize-form", "Save")
        page.wait_for_url("**/dashboard/")
        assert "Your dashboard is saved." in page.locator(".flash").inner_text()
        assert shown(page) == ["Announcements", "My tasks", "Recent customers", "Unassigned tasks"]

        # With JavaScript the rows can be dragged: the last to the top, then saved.
        page.goto(f"{url}/dashboard/customize")
        page.drag_and_drop("li[data-key='dispatch.unassigned']", "li[data-key='dispatch.tasks']",
                           target_position={"x": 10, "y": 2})
        submit(page, "form#customize-form", "Save")
        page.wait_for_url("**/dashboard/")
        assert shown(page) == ["Announcements", "Unassigned tasks", "My tasks", "Recent customers"]

        page.goto(f"{url}/dashboard/customize")
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Reset to default").click()
        page.wait_for_url("**/dashboard/")
        assert shown(page) == ["Announcements", "Today's reminders", "Recent customers", "My tasks",
                              "Unassigned tasks"]
        assert not problems, problems
