"""The module's pages with JavaScript off, in Chromium: every form posts and lands where it says.

The pages are progressive (batch.js only adds a "choose all" box; charts fall back
to their table; the commit's confirm is a nicety). With scripts disabled the admin
still makes a task on the form, assigns it from its page, previews a policy and
saves it, edits a profile, batch-optimises from the batch page and commits, and
reads the workload's numbers.
"""
import re

import pytest

import browser_support
from browser_support import chromium_page, live_server, select_by_text, submit
import dispatch_browser_kit
from dispatch_browser_kit import PASSWORD, flash, open_tasks, staff_workspace

browser_app = dispatch_browser_kit.browser_app

SLUG = "xibei-service"
TECHNICIANS = [
    ("马超", {"aircon": 4, "plumbing": 3}, 5, ["van"]),
    ("黄蓉", {"aircon": 2, "plumbing": 5}, 5, []),
]


def create_and_assign(page, url):
    """A task made on the form, then given to its top candidate from its page."""
    page.goto(f"{url}/dispatch/tasks/new")
    page.fill("input[name=title]", "空调外机异响")
    select_by_text(page, "select[name=customer_id]", "华北冷链")
    select_by_text(page, "select[name=skill_0]", "空调维修")
    page.select_option("select[name=level_0]", "3")  # 黄蓉 (level 2) is not eligible
    submit(page, "#task-form", "Save")
    page.wait_for_url(re.compile(r".*/dispatch/tasks/\d+$"))
    assert re.search(r"Task RW-\S+ created\.", flash(page))
    top = page.locator("#dispatch-candidates > tbody > tr").first
    assert "马超" in top.inner_text()
    with page.expect_navigation():
        top.get_by_role("button", name="Assign").click()
    assert "assigned (rank 1 of 1)" in flash(page)
    assert page.locator("#task-assignee").inner_text() == "马超"


def preview_and_save_policy(page, url):
    """The policy form's preview button (a formaction) shows the preview; saving redirects with version 1."""
    page.goto(f"{url}/dispatch/policy/")
    page.fill("input[name=weight_tenure]", "1")
    page.fill("input[name=note]", "Tenure counts a little")
    with page.expect_navigation():
        page.locator("#policy-form").get_by_role("button", name="Preview").click()
    assert page.locator("#policy-preview").is_visible()
    assert page.locator("input[name=weight_tenure]").input_value() == "1"  # the form keeps what was typed
    with page.expect_navigation():
        page.locator("#policy-form").get_by_role("button", name="Save").click()
    assert "Dispatch policy version 1 saved." in flash(page)
    assert page.url.endswith("/dispatch/policy/")


def edit_profile(page, url):
    """A technician's profile edited on its form: back on the profile with the new capacity."""
    page.goto(f"{url}/dispatch/profiles/")
    page.locator("#people").get_by_role("link", name="黄蓉").click()
    page.locator("main").get_by_role("button", name="Edit profile").click()
    page.fill("input[name=capacity]", "7")
    submit(page, "form[method=post]", "Save")
    page.wait_for_url(re.compile(r".*/dispatch/profiles/\d+$"))
    assert "7" in page.locator("#profile-facts").inner_text()


def batch_and_commit(page, url):
    """On the batch page the "choose all" box stays hidden; ticked one by one, previewed, committed."""
    page.goto(f"{url}/dispatch/batch/")
    assert not page.locator("#batch-choose-all").is_visible()
    boxes = page.locator("#batch-tasks input[name=task_ids]")
    assert boxes.count() == 3
    for box in boxes.all():
        box.check()
    page.locator("#batch-form").get_by_role("button", name="Preview the optimal plan").click()
    page.wait_for_url(re.compile(r".*/dispatch/batch/\d+$"))
    assert page.locator("#batch-plan tbody tr").count() == 3
    with page.expect_navigation():  # no script, so no confirm: the form posts straight away
        page.locator("main").get_by_role("button", name="Commit the plan").click()
    assert "Batch committed: 3 tasks assigned." in flash(page)


def workload_numbers(page, url):
    """No chart is drawn, but each chart's numbers open from their summary."""
    page.goto(f"{url}/dispatch/board/workload")
    assert page.locator(".crm-chart canvas").count() == 0
    numbers = page.locator("#load-person details.chart-numbers")
    numbers.locator("summary").click()
    table = numbers.locator("table").inner_text()
    assert "马超" in table and "黄蓉" in table


@pytest.mark.browser
def test_the_pages_work_without_javascript(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Xibei Service", SLUG, "ada@xibei.test", PASSWORD)
        workspace = staff_workspace(browser_app, SLUG, TECHNICIANS)
        open_tasks(browser_app, workspace, [f"疏通下水道 {n}" for n in range(3)], level=2)
        context = page.context.browser.new_context(java_script_enabled=False)
        try:
            plain = context.new_page()
            plain.set_default_timeout(15_000)
            browser_support.sign_in(plain, url, SLUG, "ada@xibei.test", PASSWORD)
            create_and_assign(plain, url)
            preview_and_save_policy(plain, url)
            edit_profile(plain, url)
            batch_and_commit(plain, url)
            workload_numbers(plain, url)
        finally:
            context.close()
