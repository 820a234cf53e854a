"""In a real Chromium with CSRF on: a customer with a Chinese name is found by pinyin initials and by its phone's
digits, and creating it twice is warned about before it goes through."""
import pytest

import browser_support
from browser_support import chromium_page, live_server, submit

PASSWORD = "browser-test-pw"


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def new_customer(page, url, name, phone):
    page.goto(f"{url}/customers/new")
    page.fill("input[name=name]", name)
    page.fill("input[name=phone]", phone)
    submit(page, "form", "Create customer")


def search(page, url, q):
    page.goto(f"{url}/customers/")
    page.fill("input[name=q]", q)
    submit(page, "form.filters", "Search")
    page.wait_for_url("**/customers/?*")
    return page.locator("main table.data tbody tr").all_inner_texts()


@pytest.mark.browser
def test_pinyin_and_phone_search_and_the_duplicate_warning(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Pinyin Trading", "pinyin-trading", "ada@pinyin.test", PASSWORD)
        new_customer(page, url, "中国石油", "138 2542 6991")
        page.wait_for_url("**/customers/*")
        assert page.locator("h1").inner_text() == "中国石油"

        new_customer(page, url, "中国石油有限公司", "021-62588899")
        warning = page.locator("#duplicate-warning")
        assert "name" in warning.inner_text()
        assert warning.get_by_role("link", name="中国石油").count() == 1
        warning.get_by_role("button", name="Create it anyway").click()
        page.wait_for_url("**/customers/*")
        assert page.locator("h1").inner_text() == "中国石油有限公司"

        rows = search(page, url, "zgsy")
        assert len(rows) == 2 and all("中国石油" in row for row in rows)
        rows = search(page, url, "13825426991")
        assert len(rows) == 1 and "138 2542 6991" in rows[0]
        rows = search(page, url, "02162588899")
        assert len(rows) == 1 and "中国石油有限公司" in rows[0]
