"""The purchase history and referrals panels and the purchase list in Chromium, in Chinese, without JavaScript help.

A workspace opened from the Chinese signup page turns the module on; its
admin records a purchase on a customer's page (a refused amount first), sets
the customer's ERP number, records a referral of another customer by name, and
finds the purchase on the list page by its days. The page bodies may hold no
English word but the data's own; screenshots go to build/test-artifacts/.
"""
import re
from pathlib import Path

import pytest
from sqlalchemy import select

import browser_support
from browser_support import chromium_page, live_server, submit

ARTIFACTS = Path(__file__).resolve().parents[3] / "build" / "test-artifacts"
PASSWORD = "browser-test-pw"
SLUG = "hangzhou-trade"
DATA_WORDS = {"Ada", "Admin", "English", "ERP", "CNY", "CRM"}
"""Words of the data and of the page chrome (the product's name, the language button)."""


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def customers(app, names):
    """Customers of the workspace owned by its admin, by name: their ids."""
    from crm_platform.extensions import db
    from crm_platform.models import Customer
    from crm_platform.tenancy import tenant_scope

    tenant_id, admin_id = browser_support.enable_module(app, SLUG, "customer_insights")
    with app.app_context(), tenant_scope(tenant_id, admin_id):
        db.session.add_all([Customer(name=name, owner_id=admin_id) for name in names])
        db.session.commit()
        return dict(db.session.execute(select(Customer.name, Customer.id).where(Customer.name.in_(names))).all())


def untranslated(page, parts):
    """Latin words in the page's `parts` (CSS selectors) and header that are not the data's."""
    text = " ".join(page.locator(part).inner_text() for part in (*parts, "header.topbar"))
    return sorted({word for word in re.findall(r"[A-Za-z][A-Za-z']{2,}", text) if word not in DATA_WORDS})


def keep(page, name, english, parts=("main",)):
    """Keep a screenshot of the page; note the untranslated words of its `parts` (the module's own)."""
    assert page.get_attribute("html", "lang") == "zh-CN"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"insights-{name}-zh_CN.png"), full_page=True)
    if untranslated(page, parts):
        english[name] = untranslated(page, parts)


@pytest.mark.browser
def test_a_purchase_a_number_and_a_referral_through_the_pages_in_chinese(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{url}/signup")
        page.locator("#language-switcher").get_by_role("button", name="简体中文").click()
        page.wait_for_url("**/signup")
        for field, value in (("company", "杭州贸易"), ("slug", SLUG), ("name", "Ada Admin"),
                             ("email", "ada@hangzhou.test"), ("password", PASSWORD)):
            page.fill(f"input[name={field}]", value)
        submit(page, "form", "进入工作区")
        page.wait_for_url("**/dashboard/")
        ids = customers(browser_app, ["华东冷链有限公司", "西湖茶业"])
        english = {}

        page.goto(f"{url}/customers/{ids['华东冷链有限公司']}")
        panel = page.locator("#insights-purchases")
        panel.locator("summary", has_text="添加购买记录").click()
        panel.locator("input[name=purchased_on]").fill("2026-03-05")
        panel.locator("input[name=amount]").fill("0")
        panel.get_by_role("button", name="添加购买记录").click()
        page.wait_for_url("**/insights/purchases/new**")
        assert "请输入大于零的金额" in page.locator("#purchase-amount-error").inner_text()
        keep(page, "purchase-refused", english)
        page.locator("input[name=amount]").fill("1280.50")
        page.locator("input[name=product]").fill("冷藏柜")
        page.locator("main form.purchase-form").get_by_role("button", name="添加购买记录").click()
        page.wait_for_url(f"**/customers/{ids['华东冷链有限公司']}**")
        assert "1,280.50" in panel.locator("#customer-purchases").inner_text()

        page.locator("#insights-purchases input[name=number]").fill("ERP-001")
        page.locator("#insights-purchases").get_by_role("button", name="保存编号").click()
        page.wait_for_url(f"**/customers/{ids['华东冷链有限公司']}**")
        assert "ERP-001" in page.locator(".flash").inner_text()

        referrals = page.locator("#insights-referrals")
        referrals.locator("summary").click()
        referrals.locator("input[name=referred_name]").fill("西湖茶业")
        referrals.locator("textarea[name=note]").fill("老客户介绍")
        referrals.get_by_role("button", name="登记推荐").click()
        page.wait_for_url(f"**/customers/{ids['华东冷链有限公司']}**")
        link = page.locator("#customer-referrals").get_by_role("link", name="西湖茶业")
        assert link.get_attribute("href").endswith(f"/customers/{ids['西湖茶业']}")
        keep(page, "customer-panels", english, parts=("#insights-purchases", "#insights-referrals"))

        page.locator("header.topbar").get_by_role("link", name="购买记录", exact=True).click()
        page.wait_for_url("**/insights/purchases/")
        page.locator("input[name=from]").fill("2026-03-01")
        page.locator("main form.filter-bar").get_by_role("button", name="筛选").click()
        page.wait_for_url("**from=2026-03-01**")
        assert "华东冷链有限公司" in page.locator("#purchases").inner_text()
        keep(page, "purchase-list", english)

        assert not english, f"untranslated words: {english}"
