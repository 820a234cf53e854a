"""The metrics page in Chromium: every chart drawn by the vendored ECharts (a canvas), no console error."""
from datetime import datetime, timedelta, timezone

import pytest
import browser_support
from browser_support import chromium_page, live_server

PASSWORD = "browser-test-pw"
ANSWERED = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def serve_tickets(app, slug):
    """Turn the module on and write answered, resolved, surveyed and open tickets as the admin's work."""
    from crm_platform.extensions import db
    from crm_platform.models import Customer
    from crm_platform.tenancy import tenant_scope
    from plugins.service_support.models import Survey, Ticket

    tenant_id, admin_id = browser_support.enable_module(app, slug, "service_support")
    with app.test_request_context():
        with tenant_scope(tenant_id, admin_id):
            customer = Customer(name="华东冷链", owner_id=admin_id)
            db.session.add(customer)
            db.session.flush()
            for number, (minutes, score) in enumerate(((40, 5), (95, 4), (300, 2))):
                ticket = Ticket(number=f"GD-{number}", customer_id=customer.id, channel="phone", category="complaint",
                                priority="high", subject="冷库温度过高", status="resolved", assignee_id=admin_id,
                                sla_policy_id=1, first_responder_id=admin_id, first_response_minutes=minutes,
                                first_response_at=ANSWERED, resolver_id=admin_id, resolution_minutes=minutes * 4,
                                resolved_at=ANSWERED + timedelta(days=number),
                                resolution_breached_at=ANSWERED if minutes > 200 else None)
                db.session.add(ticket)
                db.session.flush()
                db.session.add(Survey(ticket_id=ticket.id, customer_id=customer.id, email="buyer@cold.test",
                                      token_hash=f"browser-{number}", expires_at=ANSWERED, score=score,
                                      answered_at=ANSWERED + timedelta(days=7 * number)))
            db.session.add(Ticket(number="GD-9", customer_id=customer.id, channel="web", category="fault",
                                  subject="门禁故障", status="open", priority="urgent", assignee_id=admin_id))
            db.session.commit()


@pytest.mark.browser
def test_every_chart_is_drawn_with_its_numbers_a_click_away(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Cold Chain", "cold-chain", "ada@cold.test", PASSWORD)
        serve_tickets(browser_app, "cold-chain")
        page.goto(f"{url}/customers/")
        # From here on (signing up refuses a short password on purpose, a 422 in the console).
        problems = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.get_by_role("link", name="Service metrics").click()
        page.wait_for_url("**/service/metrics/")
        page.fill("input[name=from]", "2026-03-01")
        page.fill("input[name=to]", "2026-03-31")
        page.locator("main form").get_by_role("button", name="Filter").click()
        page.wait_for_url("**/service/metrics/?*")
        charts = page.locator(".crm-chart")
        assert charts.count() == 6
        for index in range(6):
            charts.nth(index).locator("canvas").first.wait_for()
        drawn = page.eval_on_selector_all(
            ".crm-chart canvas", "canvases => canvases.map(c => c.width > 0 && c.height > 0)")
        assert drawn and all(drawn)
        assert page.eval_on_selector_all(".crm-chart-failed", "failed => failed.length") == 0

        numbers = page.locator("#times-person details")
        numbers.locator("summary").click()
        assert "Ada Admin\t1.58\t" in numbers.locator("table").inner_text()  # the median of 40, 95 and 300 minutes
        assert not problems, problems
