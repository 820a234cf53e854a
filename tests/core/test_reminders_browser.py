"""An admin sets the workspace's time zone, the daily job runs, and the Today page's Done button, in Chromium.

CSRF is on as in production. The customer is entered through the customer form
with a care date that is today in the workspace's (not the server's) time zone.
"""
from datetime import timedelta

import pytest
from sqlalchemy import select

import browser_support
from browser_support import chromium_page, live_server, submit
from crm_platform.extensions import db
from crm_platform.jobs.runner import run_job
from crm_platform.models import Job, Tenant
from crm_platform.reminders import care
from crm_platform.tenancy import tenant_scope
from crm_platform.workspace.settings import tenant_today

PASSWORD = "browser-test-pw"


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def run_daily_job(app, slug):
    """Run the care_reminders job of workspace `slug` as the daily schedule would; returns its result."""
    with app.app_context():
        tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == slug))
        with tenant_scope(tenant_id):
            job = Job(user_id=None, kind=care.KIND, params={})
            db.session.add(job)
            db.session.commit()
            job_id = job.id
    with app.app_context():
        run_job(job_id, tenant_id)
    with app.app_context(), tenant_scope(tenant_id):
        return db.session.get(Job, job_id).result


@pytest.mark.browser
def test_set_the_time_zone_then_mark_a_birthday_done(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Care Trading", "care-trading", "ada@care.test", PASSWORD)

        page.locator("header").get_by_role("link", name="Workspace").click()
        page.wait_for_url("**/admin/workspace/")
        page.select_option("select[name=timezone]", "Pacific/Kiritimati")  # UTC+14: often a day ahead
        page.fill("input[name=care_reminder_days]", "120")
        submit(page, "form", "Save")
        assert "from 0 to 90" in page.locator("#care_reminder_days-error").inner_text()
        page.fill("input[name=care_reminder_days]", "10")
        submit(page, "form", "Save")
        assert "Workspace settings saved." in page.locator(".flash").inner_text()

        with browser_app.app_context():
            local_today = tenant_today(Tenant(settings={"timezone": "Pacific/Kiritimati"}))
        for name, care_date in (("Li Wei", local_today.replace(year=1988)),
                                ("Wang Fang", (local_today + timedelta(days=4)).replace(year=1984))):
            page.goto(f"{url}/customers/new")
            page.fill("input[name=name]", name)
            page.select_option("select[name=kind]", "person")
            page.fill("input[name=care_date]", care_date.isoformat())
            submit(page, "form", "Create customer")
            page.wait_for_url("**/customers/*")

        # Both reminders came with the customers (issue 8, bug 1): the daily job finds nothing left to create.
        assert run_daily_job(browser_app, "care-trading")["created"] == 0

        page.locator("header").get_by_role("link", name="Today").click()
        page.wait_for_url("**/today/")
        assert page.locator("main h1 time").get_attribute("datetime") == local_today.isoformat()
        assert "Li Wei" in page.locator("#due-today").inner_text()
        assert "Wang Fang" in page.locator("#upcoming").inner_text()
        page.locator("#due-today").get_by_role("button", name="Done: Li Wei").click()
        page.wait_for_url("**/today/")
        assert "Done: Birthday of Li Wei." in page.locator(".flash").inner_text()
        assert "Nothing due today." in page.locator("#due-today").inner_text()
        assert "Wang Fang" in page.locator("#upcoming").inner_text()
