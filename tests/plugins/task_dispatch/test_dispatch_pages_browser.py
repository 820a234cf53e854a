"""The module's main pages in Chinese, in Chromium: every word translated, each page kept as a screenshot.

A workspace opened from the Chinese signup page speaks Chinese. Its admin goes
through the dispatch board with a task's candidates, the task page before and
after assigning, the batch preview, the workload view, the policy page with its
preview, a technician's profile, the task form, the catalogue and "my tasks".
On each, the text of the page's body may hold no English word but the data's
own; the screenshots go to build/test-artifacts/ for people to look at.
"""
import re
from datetime import date

import pytest

from browser_support import chromium_page, live_server, submit
import dispatch_browser_kit
from dispatch_browser_kit import PASSWORD, open_tasks, screenshot, staff_workspace

browser_app = dispatch_browser_kit.browser_app

SLUG = "jinan-service"
TECHNICIANS = [
    ("张伟", {"aircon": 3, "plumbing": 2}, 5, ["van"]),
    ("王强", {"aircon": 4}, 3, []),
    ("李娜", {"aircon": 5, "electric": 4}, 5, ["van"]),
    ("刘洋", {"electric": 5, "plumbing": 4}, 4, ["van"]),
]
PROFILE = {"home_region": "华北", "hire_date": date(2019, 4, 1), "post_date": date(2022, 7, 1),
           "note": "擅长商用冷库机组"}
DATA_WORDS = {"RW", "CRM", "Ada", "Admin", "English", "aircon", "electric", "plumbing", "van"}
"""Words of the data (names, catalogue keys) and of the page chrome (the language button): no translation's business."""


def sign_up_in_chinese(page, url):
    """Open the workspace from the signup page switched to 简体中文: it and its admin speak Chinese."""
    page.goto(f"{url}/signup")
    page.locator("#language-switcher").get_by_role("button", name="简体中文").click()
    page.wait_for_url("**/signup")
    page.fill("input[name=company]", "济南设备服务")
    page.fill("input[name=slug]", SLUG)
    page.fill("input[name=name]", "Ada Admin")
    page.fill("input[name=email]", "ada@jinan.test")
    page.fill("input[name=password]", PASSWORD)
    submit(page, "form", "进入工作区")
    page.wait_for_url("**/dashboard/")


def untranslated(page):
    """Latin words in the page's body that are not the data's: what a missing translation leaves."""
    text = page.locator("main").inner_text() + " " + page.locator("header").inner_text()
    return sorted({word for word in re.findall(r"[A-Za-z][A-Za-z']{2,}", text) if word not in DATA_WORDS})


def keep(page, name, english):
    """Keep the page's screenshot as dispatch-`name`-zh_CN.png; note its untranslated words in `english`."""
    assert page.get_attribute("html", "lang") == "zh-CN"
    screenshot(page, f"dispatch-{name}-zh_CN")
    if untranslated(page):
        english[name] = untranslated(page)


def menu(page, name, url_part):
    """Follow the main menu's entry `name`, landing on a URL ending with `url_part`."""
    page.locator("header").get_by_role("link", name=name, exact=True).click()
    page.wait_for_url(f"**{url_part}")


@pytest.mark.browser
def test_the_main_pages_speak_chinese_and_are_kept_as_screenshots(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_up_in_chinese(page, url)
        workspace = staff_workspace(browser_app, SLUG, TECHNICIANS, extra={"张伟": PROFILE})
        [aircon] = open_tasks(browser_app, workspace, ["冷库空调不制冷"], skill="aircon", level=3, effort=2,
                              customer=True)
        open_tasks(browser_app, workspace, [f"更换水龙头 {n}" for n in range(4)])
        problems, english = [], {}
        page.on("pageerror", lambda error: problems.append(str(error)))

        page.goto(f"{url}/customers/")
        menu(page, "派工调度", "/dispatch/board/")
        page.locator("#board-tasks tbody tr", has_text="冷库空调不制冷").get_by_role("link", name="候选人").click()
        page.locator("#candidates #dispatch-candidates").wait_for()
        page.locator("#candidates #dispatch-candidates summary").first.click()
        keep(page, "board", english)

        page.goto(f"{url}/dispatch/tasks/{aircon}")
        page.locator("#dispatch-candidates summary").first.click()
        page.locator("#dispatch-why-not summary").click()
        keep(page, "task-candidates", english)
        with page.expect_navigation():
            page.locator("#dispatch-candidates > tbody > tr").first.get_by_role("button", name="分派").click()
        assert "已分派" in page.locator("#task-status").inner_text()
        keep(page, "task-assigned", english)

        menu(page, "派工调度", "/dispatch/board/")
        for box in page.locator("#board-tasks input[name=task_ids]").all():
            box.check()
        page.locator("#board-batch button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/dispatch/batch/\d+$"))
        keep(page, "batch-preview", english)
        page.once("dialog", lambda dialog: dialog.accept())
        with page.expect_navigation():
            page.locator("main form.inline button").click()
        keep(page, "batch-committed", english)

        page.goto(f"{url}/dispatch/board/workload")
        page.locator(".crm-chart canvas").first.wait_for()
        keep(page, "workload", english)
        # The legends are drawn on a canvas: read them from the charts (the browser itself asks for English).
        legends = page.evaluate("""Array.from(document.querySelectorAll('.crm-chart'))
            .map(el => echarts.getInstanceByDom(el)).filter(Boolean)
            .flatMap(chart => chart.getOption().series.map(series => series.name))""")
        assert legends and not any(re.search(r"[A-Za-z]{3,}", name) for name in legends), legends

        menu(page, "派工策略", "/dispatch/policy/")
        page.fill("input[name=weight_tenure]", "2")
        page.locator("#policy-form button[formaction]").click()
        page.locator("#policy-preview").wait_for()
        keep(page, "policy-preview", english)

        page.goto(f"{url}/dispatch/profiles/")
        keep(page, "profiles", english)
        page.locator("#people").get_by_role("link", name="张伟").click()
        page.locator("#profile-facts").wait_for()
        keep(page, "profile", english)

        menu(page, "派工任务", "/dispatch/tasks/")
        keep(page, "tasks", english)
        page.goto(f"{url}/dispatch/tasks/new")
        keep(page, "task-form", english)
        page.goto(f"{url}/dispatch/catalogue/")
        keep(page, "catalogue", english)
        menu(page, "我的任务", "/dispatch/tasks/mine")
        keep(page, "my-tasks", english)
        assert not english, english
        assert not problems, problems
