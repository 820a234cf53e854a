"""Importing customers in a real Chromium, with CSRF on: upload, map, preview, run, and the bar reaches 100%.

The job runs in `crm worker --burst`, started as a subprocess after the click
on Import, on the same database file and Redis as the page.
"""
import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

import browser_support
from browser_support import chromium_page, live_server, submit

ROWS = 120
CSV = "客户名称,邮箱,负责人,备注\n" + "".join(
    f"Browser Customer {n},c{n}@browser.test,ada@browser.test,row {n}\n" for n in range(ROWS - 1)) + "No Mail,oops,,\n"


@pytest.fixture
def browser_app(tmp_path, redis_url, redis_db):
    """An app on its own SQLite file and the test Redis, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path, CRM_REDIS_URL=redis_url) as app:
        yield app


def run_worker_burst(app, redis_url):
    """`crm worker --burst` in a subprocess, in small chunks so the bar moves."""
    env = {**os.environ, "CRM_REDIS_URL": redis_url, "CRM_INSTANCE_PATH": app.instance_path,
           "CRM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "CRM_SECRET_KEY": "browser-test",
           "CRM_IMPORT_CHUNK_SIZE": "20"}
    crm = os.path.join(os.path.dirname(sys.executable), "crm")
    subprocess.run([crm, "worker", "--burst"], env=env, check=True, timeout=120, capture_output=True)


@pytest.mark.browser
def test_import_a_csv_and_watch_the_progress_bar_reach_100(browser_app, redis_url, tmp_path):
    """Upload a CSV from the customer list, keep the suggested mapping, preview, run, watch it finish."""
    upload = tmp_path / "客户.csv"
    upload.write_text(CSV, encoding="utf-8-sig")
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Import Trading", "import-trading", "ada@browser.test", "browser-test-pw")
        browser_support.open_customer_list(page)
        page.locator("main a", has_text="Import").click()
        page.wait_for_url("**/imports/new")
        page.set_input_files("input[name=file]", str(upload))
        submit(page, "form", "Upload and map columns")

        page.wait_for_url("**/mapping")
        assert page.locator("select[name=column-0]").input_value() == "name"
        assert page.locator("select[name=column-2]").input_value() == "owner"
        page.select_option("select[name=column-3]", "notes")
        submit(page, "form", "Preview")

        page.wait_for_url("**/preview")
        assert f"{ROWS} rows in all" in page.locator("main").inner_text()
        assert page.locator("tr.plan-create").count() == 20
        submit(page, "form", f"Import {ROWS} rows")

        page.wait_for_url("**/imports/*")
        assert page.locator(".import-status").inner_text() == "Queued"
        run_worker_burst(browser_app, redis_url)
        page.wait_for_function("() => document.querySelector('#import progress').value === 100")
        assert page.locator(".import-status").inner_text() == "Finished"
        # The counts arrive with a second request after the status says Finished: wait for them.
        expect(page.locator(".count-created")).to_have_text(str(ROWS - 1))
        expect(page.locator(".count-failed")).to_have_text("1")
        report = page.locator(".import-report a", has_text="CSV")
        assert report.is_visible() and page.locator(".import-report a", has_text=".xlsx").is_visible()
        with page.expect_download() as download:
            report.click()
        text = open(download.value.path(), encoding="utf-8-sig").read()
        assert f"{ROWS + 1},email: Not a valid email address." in text

        page.goto(f"{url}/customers/?q=Browser+Customer+7")
        assert "Browser Customer 7" in page.locator("main table").inner_text()
