"""The customer form's cascading province > city > district picker and the sales region it sets, in Chromium."""
import pytest

import browser_support
from browser_support import chromium_page, live_server, select_by_text, submit

PASSWORD = "browser-test-pw"


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


@pytest.mark.browser
def test_pick_a_district_and_the_region_follows_the_province(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Hangzhou Trading", "hz-trading", "ada@hz.test", PASSWORD)
        page.goto(f"{url}/customers/new")
        page.fill("input[name=name]", "西湖仪器")
        assert page.locator("select[name=city_code] option").count() == 1  # only "Not set" before a province
        select_by_text(page, "select[name=province_code]", "浙江省")
        page.wait_for_selector("select[name=city_code] option[value='330100']", state="attached")
        # The province is in the default region 华东, so the region select follows it.
        assert page.locator("select[name=region]").input_value() == "华东"
        select_by_text(page, "select[name=city_code]", "杭州市")
        page.wait_for_selector("select[name=district_code] option[value='330106']", state="attached")
        select_by_text(page, "select[name=district_code]", "西湖区")
        # Choosing another province empties the city's districts again.
        select_by_text(page, "select[name=province_code]", "广东省")
        page.wait_for_selector("select[name=city_code] option[value='440100']", state="attached")
        assert page.locator("select[name=district_code] option").count() == 1
        assert page.locator("select[name=region]").input_value() == "华南"
        select_by_text(page, "select[name=province_code]", "浙江省")
        page.wait_for_selector("select[name=city_code] option[value='330100']", state="attached")
        select_by_text(page, "select[name=city_code]", "杭州市")
        page.wait_for_selector("select[name=district_code] option[value='330106']", state="attached")
        select_by_text(page, "select[name=district_code]", "西湖区")
        submit(page, "form", "Create customer")
        page.wait_for_url("**/customers/*")
        file = page.locator("#file").inner_text()
        assert "浙江省 杭州市 西湖区" in file and "华东" in file
