"""In Chromium: the admin turns the pool on, the daily job takes a rep's idle customer, another rep claims it.

CSRF is on as in production. The reps and the idle customer are written to the
database directly (their pages have their own browser tests).
"""
from datetime import timedelta

import pytest
from sqlalchemy import select

import browser_support
from browser_support import chromium_page, live_server, submit
from crm_platform.auth.passwords import hash_password
from crm_platform.extensions import db
from crm_platform.models import Customer, OrgUnit, Tenant, User
from crm_platform.models.base import utcnow
from crm_platform.tenancy import tenant_scope
from crm_platform.workspace.settings import tenant_today
from pool_support import pool_run

PASSWORD = "browser-test-pw"
SLUG = "pool-trading"


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def add_reps_and_an_idle_customer(app):
    """Two reps in the company unit; the first owns a customer assigned 40 days ago with no activity."""
    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == SLUG))
        with tenant_scope(tenant.id):
            unit = db.session.scalars(select(OrgUnit)).first()
            reps = [User(name=name, email=email, role="rep", org_unit_id=unit.id, password_hash=hash_password(PASSWORD))
                    for name, email in (("王芳", "wang@pool.test"), ("李雷", "li@pool.test"))]
            db.session.add_all(reps)
            db.session.flush()
            db.session.add(Customer(name="青山贸易", owner_id=reps[0].id, assigned_at=utcnow() - timedelta(days=40),
                                    created_at=utcnow() - timedelta(days=40)))
            db.session.commit()
            return tenant.id


@pytest.mark.browser
def test_a_customer_goes_to_the_pool_and_another_rep_claims_it(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Pool Trading", SLUG, "ada@pool.test", PASSWORD)
        page.locator("header").get_by_role("link", name="Workspace").click()
        page.wait_for_url("**/admin/workspace/")
        page.fill("input[name=pool_inactive_days]", "30")
        submit(page, "form", "Save")
        assert "Workspace settings saved." in page.locator(".flash").inner_text()

        tenant_id = add_reps_and_an_idle_customer(browser_app)
        with browser_app.app_context(), tenant_scope(tenant_id):
            today = tenant_today(db.session.get(Tenant, tenant_id))
        assert pool_run(browser_app, tenant_id, today.isoformat())["moved"] == 1

        browser_support.sign_out(page)
        browser_support.sign_in(page, url, SLUG, "li@pool.test", PASSWORD)
        browser_support.open_customer_list(page)
        assert "青山贸易" not in page.locator("main").inner_text()  # nobody's customer now, so not in the list
        page.locator("header").get_by_role("link", name="Pool").click()
        page.wait_for_url("**/pool/")
        row = page.locator("#pool-customers tr", has_text="青山贸易")
        row.get_by_role("button", name="Claim").click()
        page.wait_for_url("**/pool/")
        assert "You now own 青山贸易." in page.locator(".flash").inner_text()
        assert "The pool is empty." in page.locator("main").inner_text()

        page.locator("header").get_by_role("link", name="Customers").click()
        page.get_by_role("link", name="青山贸易").click()
        history = page.locator("#pool-history").inner_text()
        assert "Claimed from the pool" in history and "Moved to the pool" in history and "王芳" in history
