"""The module end to end in a real Chromium, in Chinese, with CSRF on: import a purchase history file, compute, and
see the loyalty pyramid and one customer's value panel.

The import and the computation run in a real RQ worker (the test's own), on the
same SQLite file and Redis as the pages. Screenshots go to build/test-artifacts/.
"""
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

import browser_support
from browser_support import chromium_page, live_server
from crm_platform.testing.jobs import JobRunner

ARTIFACTS = Path(__file__).resolve().parents[3] / "build" / "test-artifacts"
PASSWORD = "browser-test-pw"
SLUG = "ningbo-trade"
CUSTOMERS = ("华东冷链有限公司", "西湖茶业", "宁波五金", "舟山渔业", "绍兴纺织")

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_app(tmp_path, redis_url, redis_db):
    """An app on its own SQLite file and the kit's Redis, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path, CRM_REDIS_URL=redis_url) as app:
        yield app


def add_customers(app):
    """The workspace's customers, owned by its admin, with the module on: {name: id}."""
    from crm_platform.extensions import db
    from crm_platform.models import Customer
    from crm_platform.tenancy import tenant_scope

    tenant_id, admin_id = browser_support.enable_module(app, SLUG, "customer_insights")
    with app.app_context(), tenant_scope(tenant_id, admin_id):
        db.session.add_all([Customer(name=name, owner_id=admin_id) for name in CUSTOMERS])
        db.session.commit()
        return dict(db.session.execute(select(Customer.name, Customer.id)).all())


def history(today):
    """A purchase file: a large regular buyer, a customer lost a year ago, a new one, a small one, and a bad row."""
    rows = ["客户名称,购买日期,金额,产品,订单号"]
    rows += [f"华东冷链有限公司,{today - timedelta(days=5 + 20 * n)},50000.00,冷藏柜,SO-{n:04d}" for n in range(18)]
    rows += [f"西湖茶业,{today - timedelta(days=400)},3000.00,茶叶包装机,SO-1001"]
    rows += [f"宁波五金,{today - timedelta(days=d)},8000.00,不锈钢管材,SO-20{d:02d}" for d in (30, 10)]
    rows += [f"舟山渔业,{today - timedelta(days=d)},1200.00,冷藏箱,SO-30{d:03d}" for d in (200, 120, 60)]
    rows += [f"无此客户,{today - timedelta(days=3)},100.00,样品,SO-9999"]
    return "\n".join(rows) + "\n"


def test_import_compute_and_see_the_pyramid_and_a_panel_in_chinese(browser_app, redis_db, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    jobs = JobRunner(browser_app, redis_db)
    with live_server(browser_app) as url, chromium_page() as page:
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.set_viewport_size({"width": 1280, "height": 900})
        browser_support.sign_up(page, url, "宁波贸易", SLUG, "ada@ningbo.test", PASSWORD)
        page.locator("#language-switcher").get_by_role("button", name="简体中文").click()
        ids = add_customers(browser_app)
        with browser_app.app_context():
            from crm_platform.sdk import tenant_scope, workspace_today
            tenant_id, _admin = browser_support.workspace_ids(browser_app, SLUG)
            with tenant_scope(tenant_id):
                today = workspace_today()
        upload = tmp_path / "购买记录.csv"
        upload.write_text(history(today), encoding="utf-8-sig")

        # The purchase list leads to the core's import, of this kind; the Chinese headers map themselves.
        page.goto(f"{url}/insights/purchases/")
        page.get_by_role("button", name="导入购买记录").click()
        page.wait_for_url("**/imports/new?kind=customer_insights_purchases")
        page.set_input_files("input[name=file]", str(upload))
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url("**/mapping")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url("**/preview")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url("**/imports/*")
        assert jobs.work()
        page.reload()
        expect(page.locator(".count-created")).to_have_text("24")
        expect(page.locator(".count-failed")).to_have_text("1")
        page.screenshot(path=str(ARTIFACTS / "insights-flow-import.png"), full_page=True)

        # Compute, as the admin, from the runs page; the worker runs it.
        page.goto(f"{url}/insights/runs/")
        page.locator("#compute-now").click()
        page.wait_for_url("**/insights/runs/")
        assert jobs.work()
        page.reload()
        assert page.locator("#runs tbody tr").first.get_attribute("data-status") == "done"

        # The pyramid: one customer in each of four layers, drawn by ECharts and told by its table.
        page.goto(f"{url}/insights/overview/")
        pyramid = page.locator("#pyramid-table").inner_text()
        for layer in ("核心客户", "流失客户", "新客户", "观望客户"):
            assert layer in pyramid, layer
        expect(page.locator(".crm-chart[data-chart=pyramid] canvas")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "insights-flow-overview.png"), full_page=True)

        # The large regular buyer's panel: class A, core, its strategy, its last purchase.
        page.goto(f"{url}/customers/{ids['华东冷链有限公司']}")
        panel = page.locator("dl.insights-panel")
        expect(page.locator("[data-figure=layer]")).to_have_text("核心客户")
        assert "A" in page.locator("[data-figure=class]").inner_text()
        assert "专属客户经理" in page.locator("[data-figure=strategy]").inner_text()
        # Four customers have bought: the best of four is ahead of three, 1 + floor(5 × 3 / 4) = 4 (docs/insights.md).
        assert page.locator("[data-figure=rfm]").inner_text().startswith("R4 F4 M4")
        panel.screenshot(path=str(ARTIFACTS / "insights-flow-panel.png"))
        assert not problems, problems
