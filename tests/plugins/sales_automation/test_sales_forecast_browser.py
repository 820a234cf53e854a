"""In Chromium: manager_north opens the forecast, sees the team's roll-up, and adjusts a rep's figure with a note."""
from datetime import date

import pytest
from browser_support import chromium_page, live_server, sign_in, submit

from crm_platform.sdk import db

from tests.plugins.sales_automation.sales_forecast_kit import add_deal

FEB = "2026-02"


def row(page, name):
    """The forecast table's row headed `name`."""
    return page.locator("#forecast tbody tr", has=page.get_by_role("rowheader", name=name))


@pytest.mark.browser
@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_a_manager_sees_the_roll_up_and_adjusts_a_figure(app, sales, tenant_session):
    with tenant_session("acme"):
        add_deal(sales.acme, "rep_n1", "1000.00", date(2026, 2, 10), "commit", probability=50)
        add_deal(sales.acme, "rep_n2", "400.00", date(2026, 2, 20), "best_case", probability=25)
        add_deal(sales.acme, "rep_s1", "900.00", date(2026, 2, 20), "commit", probability=90, customer="s1")
        db.session.commit()
    with live_server(app) as url, chromium_page() as page:
        sign_in(page, url, "acme", sales.acme.users["manager_north"].email, sales.password)
        page.get_by_role("link", name="Forecast", exact=True).first.click()
        page.wait_for_url("**/sales/forecast/")
        page.goto(f"{url}/sales/forecast/?month_from={FEB}&month_to={FEB}")
        assert "500.00" in row(page, "Rep N1").inner_text()
        assert "100.00" in row(page, "Rep N2").inner_text()
        assert "500.00" in row(page, "North-1 Subtotal").inner_text()
        assert "600.00" in row(page, "North Subtotal").inner_text()
        assert page.get_by_role("rowheader", name="Rep S1").count() == 0

        row(page, "Rep N1").get_by_role("link", name="Adjust").click()
        page.wait_for_url("**/sales/forecast/adjust/user/*")
        page.fill("input[name=amount]", "650")
        submit(page, "form#adjust-form", "Save adjustment")
        assert page.locator("#note-error").is_visible()  # a note is required
        page.fill("input[name=amount]", "650")
        page.fill("textarea[name=note]", "客户已确认预算，预计月底签约")
        submit(page, "form#adjust-form", "Save adjustment")
        page.wait_for_url("**/sales/forecast/?month_from=*")
        assert "is adjusted" in page.locator(".flash").inner_text()
        page.goto(f"{url}/sales/forecast/?month_from={FEB}&month_to={FEB}")
        rep = row(page, "Rep N1").inner_text()
        assert "650.00" in rep and "Original CN¥500.00 · Manager North" in rep
        assert "750.00" in row(page, "North Subtotal").inner_text()
