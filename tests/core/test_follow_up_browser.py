"""Plan a visit on the customer's timeline, see it overdue on Today, complete it there, in Chromium (CSRF on)."""
from datetime import datetime, timedelta, timezone

import pytest

import browser_support
from browser_support import chromium_page, live_server, submit

PASSWORD = "browser-test-pw"


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


@pytest.mark.browser
def test_plan_a_visit_then_complete_it_from_today(browser_app):
    # The workspace keeps the default time zone (UTC), which is what the form reads.
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Follow Trading", "follow-trading", "ada@follow.test", PASSWORD)
        page.goto(f"{url}/customers/new")
        page.fill("input[name=name]", "Zhang Wei Foods")
        submit(page, "form", "Create customer")
        page.wait_for_url("**/customers/*")
        assert "none planned" in page.locator("#next-follow-up").inner_text()

        timeline = page.locator("#timeline form")
        timeline.locator("select[name=kind]").select_option("visit")
        timeline.locator("select[name=status]").select_option("planned")
        timeline.locator("input[name=occurred_at]").fill(yesterday)
        timeline.locator("input[name=subject]").fill("Bring the samples")
        submit(page, "#timeline form", "Log it")
        assert "Activity planned." in page.locator(".flash").inner_text()
        assert "Planned, due" in page.locator("#timeline").inner_text()
        assert "none planned" not in page.locator("#next-follow-up").inner_text()

        page.locator("header").get_by_role("link", name="Today").click()
        page.wait_for_url("**/today/")
        follow_ups = page.locator("#follow-ups")
        assert "Bring the samples" in follow_ups.inner_text() and "overdue" in follow_ups.inner_text()
        follow_ups.get_by_role("button", name="Follow-up done: Zhang Wei Foods").click()
        page.wait_for_url("**/today/")
        assert "Follow-up done: Zhang Wei Foods." in page.locator(".flash").inner_text()
        assert "Bring the samples" not in page.locator("#follow-ups").inner_text()

        page.goto(f"{url}/customers/?no_contact_days=7")
        assert "Zhang Wei Foods" not in page.locator("main").inner_text()  # contacted just now
