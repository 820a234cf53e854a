"""Drag an opportunity across the Kanban board, close it as won in the dialog, and move one by keyboard (Chromium)."""
import pytest
import browser_support
from browser_support import chromium_page, live_server, submit

PASSWORD = "browser-test-pw"


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def column(page, name):
    """The board column whose heading is `name`."""
    return page.locator("section.board-column", has=page.get_by_role("heading", name=name, exact=True))


@pytest.mark.browser
def test_drag_a_card_to_won_and_move_another_by_keyboard(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Board Trading", "board-trading", "ada@board.test", PASSWORD)
        browser_support.enable_module(browser_app, "board-trading", "sales_automation")
        page.goto(f"{url}/customers/new")
        page.fill("input[name=name]", "Huadong Cold Chain")
        submit(page, "form", "Create customer")
        page.wait_for_url("**/customers/*")
        customer_url = page.url
        for name, amount in (("Freezer trucks", "120000.00"), ("Cold rooms", "8000.50")):
            page.goto(customer_url)
            page.locator("#opportunities").get_by_role("button", name="New opportunity").click()
            page.fill("input[name=name]", name)
            page.fill("input[name=amount]", amount)
            submit(page, "form", "Create opportunity")
            page.wait_for_url("**/opportunities/*")

        page.set_viewport_size({"width": 1900, "height": 1000})  # every column in view
        page.get_by_role("link", name="Opportunities", exact=True).first.click()
        page.wait_for_url("**/sales/pipelines/*/")
        first = column(page, "Initial contact")
        assert "2 opportunities" in first.locator(".column-count").inner_text()

        page.locator(".card", has_text="Freezer trucks").drag_to(column(page, "Needs confirmed"))
        page.wait_for_load_state("load")
        page.wait_for_function(
            "() => document.querySelectorAll('section.board-column')[1].innerText.includes('Freezer')")
        assert "1 opportunity" in column(page, "Needs confirmed").locator(".column-count").inner_text()

        page.locator(".card", has_text="Freezer trucks").drag_to(column(page, "Won"))
        dialog = page.locator("#close-dialog")
        dialog.wait_for(state="visible")
        assert not dialog.locator("select[name=winner_competitor_id]").is_visible()
        dialog.locator("textarea[name=close_reason]").fill("Best cold-chain references")
        dialog.get_by_role("button", name="Close the opportunity").click()
        page.wait_for_function(
            "() => document.querySelectorAll('section.board-column')[5].innerText.includes('Freezer')")
        assert "120,000.00" in column(page, "Won").locator(".column-total").inner_text()

        # By keyboard only: focus the card's "Move to" select, choose a stage, press the Move button.
        card = page.locator(".card", has_text="Cold rooms")
        select = card.locator("select[name=stage_id]")
        select.focus()
        select.select_option(label="Quoted")
        page.keyboard.press("Tab")
        assert card.get_by_role("button", name="Move").evaluate("b => b === document.activeElement")
        page.keyboard.press("Enter")
        page.wait_for_load_state("load")
        assert "Cold rooms moved to Quoted." in page.locator(".flash").inner_text()
        assert "Cold rooms" in column(page, "Quoted").inner_text()


def add_deals(app, slug, count):
    """`count` opportunities on one new customer of the workspace, straight through the pipeline service."""
    from decimal import Decimal

    from crm_platform.extensions import db
    from crm_platform.models import Customer
    from crm_platform.tenancy import tenant_scope
    from plugins.sales_automation.pipelines import service

    tenant_id, admin_id = browser_support.workspace_ids(app, slug)
    with app.test_request_context():
        with tenant_scope(tenant_id):
            customer = Customer(name="Many Deals Ltd", owner_id=admin_id)
            db.session.add(customer)
            db.session.flush()
            for n in range(count):
                service.create_opportunity(name=f"Deal {n:02d}", customer_id=customer.id, owner_id=admin_id,
                                           amount=Decimal("10.00"))
            db.session.commit()


@pytest.mark.browser
def test_load_more_fetches_the_rest_of_a_column(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Many Deals", "many-deals", "ada@many.test", PASSWORD)
        browser_support.enable_module(browser_app, "many-deals", "sales_automation")
        add_deals(browser_app, "many-deals", 45)
        page.goto(f"{url}/sales/pipelines/")
        first = column(page, "Initial contact")
        assert first.locator(".card").count() == 20 and "45 opportunities" in first.inner_text()
        first.get_by_role("button", name="Load more").click()
        page.wait_for_function("() => document.querySelectorAll('section.board-column')[0]"
                               ".querySelectorAll('.card').length === 40")
        first.get_by_role("button", name="Load more").click()
        page.wait_for_function("() => document.querySelectorAll('section.board-column')[0]"
                               ".querySelectorAll('.card').length === 45")
        assert first.get_by_role("button", name="Load more").count() == 0
        names = first.locator(".card strong").all_inner_texts()
        assert len(set(names)) == 45
        # A loaded card moves by its own form like the first ones.
        loaded = first.locator(".card", has_text="Deal 00")
        loaded.locator("select[name=stage_id]").select_option(label="Quoted")
        loaded.get_by_role("button", name="Move").click()
        page.wait_for_load_state("load")
        assert "Deal 00 moved to Quoted." in page.locator(".flash").inner_text()
