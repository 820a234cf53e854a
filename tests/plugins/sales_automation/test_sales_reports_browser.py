"""The monthly performance report in Chromium: its charts drawn by the vendored ECharts from the report's one API
answer (a canvas each), with the table of the same figures beside them."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
import browser_support
from browser_support import chromium_page, live_server

PASSWORD = "browser-test-pw"
MARCH = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def sell(app, slug):
    """Turn the module on; the admin calls and visits a customer and wins 6,000.00 against a quota of 8,000.00."""
    from crm_platform.extensions import db
    from crm_platform.models import Activity, Customer
    from crm_platform.tenancy import tenant_scope
    from plugins.sales_automation.models import Opportunity, Quota
    from plugins.sales_automation.pipelines import service

    tenant_id, admin_id = browser_support.enable_module(app, slug, "sales_automation")
    with app.test_request_context(), tenant_scope(tenant_id, admin_id):
        customer = Customer(name="华东冷链", owner_id=admin_id, created_at=MARCH)
        db.session.add(customer)
        db.session.flush()
        for kind in ("call", "call", "visit"):
            db.session.add(Activity(customer_id=customer.id, user_id=admin_id, kind=kind, status="done",
                                    occurred_at=MARCH))
        pipeline = service.default_pipeline()
        won = [stage for stage in service.stages_of(pipeline.id) if stage.kind == "won"][0]
        db.session.add(Opportunity(name="冷库", customer_id=customer.id, owner_id=admin_id, pipeline_id=pipeline.id,
                                   stage_id=won.id, status="won", amount=Decimal("6000.00"), created_at=MARCH,
                                   stage_entered_at=MARCH, closed_at=MARCH))
        db.session.add(Quota(user_id=admin_id, month=date(2026, 3, 1), amount=Decimal("8000.00")))
        db.session.commit()


@pytest.mark.browser
def test_the_monthly_performance_chart_renders_with_its_table(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Cold Chain", "cold-chain", "ada@cold.test", PASSWORD)
        sell(browser_app, "cold-chain")
        page.goto(f"{url}/customers/")
        problems = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.get_by_role("link", name="Reports", exact=True).click()
        page.wait_for_url("**/sales/reports/")
        page.get_by_role("link", name="Monthly rep performance").click()
        page.wait_for_url("**/sales/reports/performance")
        page.fill("input[name=from]", "2026-03-01")
        page.fill("input[name=to]", "2026-03-31")
        page.locator("main form").get_by_role("button", name="Filter").click()
        page.wait_for_url("**/sales/reports/performance?*")
        charts = page.locator(".crm-chart")
        assert charts.count() == 3
        for index in range(3):
            charts.nth(index).locator("canvas").first.wait_for()
        drawn = page.eval_on_selector_all(
            ".crm-chart canvas", "canvases => canvases.map(c => c.width > 0 && c.height > 0)")
        assert drawn and all(drawn)
        assert page.eval_on_selector_all(".crm-chart-failed", "failed => failed.length") == 0
        # Something was painted: the canvas of the activities bars holds pixels that are not blank.
        painted = page.eval_on_selector(
            "#chart-activities canvas", "c => c.getContext('2d').getImageData(0, 0, c.width, c.height).data"
                                        ".some(v => v !== 0)")
        assert painted
        table = page.locator("#report-performance").inner_text()
        assert "Ada Admin\t2\t1\t0\t0\t1\t1\t1\t6,000.00" in table and "75" in table
        assert not problems, problems
