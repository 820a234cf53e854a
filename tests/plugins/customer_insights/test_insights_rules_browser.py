"""In a real Chromium, in Chinese: an admin changes the rules (a refused segment rule shown next to its field, then
saved), saves and computes, and sees the run on the runs page once the worker ran it."""
from pathlib import Path

import pytest

import browser_support
from browser_support import chromium_page, live_server
from crm_platform.testing.jobs import JobRunner

PASSWORD = "browser-test-pw"
SLUG = "donghai-cold"
ARTIFACTS = Path(__file__).resolve().parents[3] / "build" / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_app(tmp_path, redis_url, redis_db):
    """An app on its own SQLite file and the kit's Redis, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path, CRM_REDIS_URL=redis_url) as app:
        yield app


def test_an_admin_changes_the_rules_and_computes_in_chinese(browser_app, redis_db):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with live_server(browser_app) as url, chromium_page() as page:
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        browser_support.sign_up(page, url, "东海冷链", SLUG, "ada@donghai.test", PASSWORD)
        page.locator("#language-switcher").get_by_role("button", name="简体中文").click()
        browser_support.enable_module(browser_app, SLUG, "customer_insights")

        page.goto(f"{url}/insights/rules/")
        assert page.locator("h1").inner_text() == "客户价值规则"
        assert "流失客户" in page.locator("#layer-rules").inner_text()
        page.fill("input[name=lost_after_days]", "200")
        page.fill("textarea[name=segments]", "大客户: R4-5 F5\n其他 R1")
        page.locator("main form#rules-form").get_by_role("button", name="保存规则").click()
        error = page.locator("#rules-segments-error")
        assert "第 2 条规则" in error.inner_text()
        assert page.locator("input[name=lost_after_days]").input_value() == "200"
        page.screenshot(path=str(ARTIFACTS / "insights-rules-refused.png"), full_page=True)

        page.fill("textarea[name=segments]", "大客户: R4-5 F5\n其他: R1-5")
        page.fill("textarea[name=strategy_core]", "每月拜访一次。")
        page.locator("main form#rules-form").get_by_role("button", name="保存并立即计算").click()
        page.wait_for_url("**/insights/runs/")
        assert "计算已开始" in " ".join(page.locator(".flash").all_inner_texts())
        assert page.locator("#run-under-way").is_visible()

        assert JobRunner(browser_app, redis_db).work()
        page.reload()
        assert page.locator("#runs tbody tr").first.get_attribute("data-status") == "done"
        assert page.locator("#compute-now").is_enabled()
        page.screenshot(path=str(ARTIFACTS / "insights-runs.png"), full_page=True)

        page.goto(f"{url}/insights/rules/")
        assert "200 天" in page.locator("#layer-rule-lost").inner_text()
        assert page.locator("textarea[name=strategy_core]").input_value() == "每月拜访一次。"
        assert "大客户" in page.locator("#segment-rules").text_content()
        page.screenshot(path=str(ARTIFACTS / "insights-rules.png"), full_page=True)
        assert not problems, problems
