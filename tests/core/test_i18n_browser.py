"""A Chinese company's first minutes in a real Chromium: switch to 简体中文, sign up, log a visit, find by pinyin.

The workspace opened from the Chinese page speaks Chinese and runs on China time:
the visit typed as 09:47 is shown back as 09:47 in the Chinese date format, and
switching to English is remembered on the account.
"""
import subprocess
from pathlib import Path

import pytest

import browser_support
from browser_support import chromium_page, live_server, submit

PASSWORD = "browser-test-pw"
# Kept after the run for people to look at (build/ is ignored by git).
ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts"


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


@pytest.mark.browser
def test_a_chinese_signup_works_in_chinese_and_local_time(browser_app):
    # Without a CJK font the screenshots show boxes; `make test` installs Debian's fonts-noto-cjk.
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no Chinese font: install fonts-noto-cjk"
    with live_server(browser_app) as url, chromium_page() as page:
        page.goto(f"{url}/signup")
        assert page.get_attribute("html", "lang") == "en"
        page.locator("#language-switcher").get_by_role("button", name="简体中文").click()
        page.wait_for_url("**/signup")
        assert page.get_attribute("html", "lang") == "zh-CN"
        assert page.locator("main h1").inner_text() == "开通工作区"

        page.fill("input[name=company]", "杭州示例科技有限公司")
        page.fill("input[name=slug]", "hangzhou")
        page.fill("input[name=name]", "王芳")
        page.fill("input[name=email]", "wang@hangzhou.test")
        page.fill("input[name=password]", PASSWORD)
        submit(page, "form", "进入工作区")
        page.wait_for_url("**/dashboard/")
        assert "欢迎！您的工作区 hangzhou 已准备就绪。" in page.locator(".flash").inner_text()

        page.goto(f"{url}/customers/new")
        page.fill("input[name=name]", "中国石油")
        submit(page, "form", "创建客户")
        page.wait_for_url("**/customers/*")
        assert page.locator("main h1").inner_text() == "中国石油"
        assert "时间（Asia/Shanghai）" in page.locator("main").inner_text()
        page.fill("input[name=occurred_at]", "2026-12-02T09:47")
        page.fill("input[name=subject]", "拜访工厂")
        submit(page, "form[action$='/activities']", "记录")
        page.wait_for_url("**/customers/*")
        assert "2026/12/2 09:47" in page.locator("main").inner_text()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "customer-page-zh_CN.png"), full_page=True)

        # Found by its pinyin initials from the list's search box; the list is kept as a picture too.
        page.goto(f"{url}/customers/")
        page.fill("input[name=q]", "zgsy")
        page.press("input[name=q]", "Enter")
        page.wait_for_url("**/customers/?*q=zgsy*")
        assert page.locator("main table tbody tr").count() == 1
        assert "中国石油" in page.locator("main table tbody").inner_text()
        page.screenshot(path=str(ARTIFACTS / "customer-list-zh_CN.png"), full_page=True)

        page.locator("#language-switcher").get_by_role("button", name="English").click()
        page.wait_for_url("**/customers/*")
        assert page.get_attribute("html", "lang") == "en"
        assert "12/2/26, 9:47" in page.locator("main").inner_text()
        page.goto(f"{url}/account/")
        assert page.locator("select[name=locale]").input_value() == "en"
