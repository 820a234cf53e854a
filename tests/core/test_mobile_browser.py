"""Usable on a phone: at 375 × 812 the menu folds behind a toggle and no page is wider than the screen, in Chromium.

The customer has long values (name, email, address, tags, a contact, a timeline
entry, an attachment) since those are what push a page wider than a phone.
"""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

import browser_support
from browser_support import chromium_page, live_server
from crm_platform.extensions import db
from crm_platform.models import Activity, Contact, Customer, CustomerAttachment, Reminder, Tenant, User
from crm_platform.tenancy import tenant_scope

PASSWORD = "browser-test-pw"
PHONE = {"width": 375, "height": 812}
LONG_EMAIL = "procurement.department.headquarters@shanghai-international-trading-company.example.com"


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def add_long_customer(app, slug):
    """A customer full of long values, with a contact, an activity, a file and a reminder due today; its id."""
    with app.app_context():
        tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == slug))
        with tenant_scope(tenant_id):
            user = db.session.scalar(select(User))
            customer = Customer(name="上海国际贸易有限公司 Shanghai International Trading Company Limited",
                                owner_id=user.id, email=LONG_EMAIL, phone="+86 21 6258 8899 ext. 12345",
                                address="Room 1802, Tower B, No. 1000 Lujiazui Ring Road, Pudong New District",
                                region="East China", notes="x" * 300, kind="company", care_date=date.today())
            customer.tags = ["strategic-account-2026", "export-asia-pacific", "vip"]
            db.session.add(customer)
            db.session.flush()
            db.session.add_all([
                Contact(customer_id=customer.id, name="Zhang Wei", title="Head of Global Procurement", email=LONG_EMAIL,
                        phone="+86 138 2542 6991"),
                Activity(customer_id=customer.id, user_id=user.id, kind="visit", subject="Quarterly review " * 6,
                         occurred_at=datetime(2026, 1, 5, 10, tzinfo=timezone.utc), outcome="y" * 200),
                CustomerAttachment(customer_id=customer.id, uploaded_by=user.id, content_type="application/pdf",
                                   name="Quarterly-business-review-presentation-final-version-2026.pdf", size=1,
                                   stored_name="0" * 32),
                Reminder(user_id=user.id, customer_id=customer.id, kind="founding", due_date=date.today()),
            ])
            db.session.commit()
            return customer.id


# What sticks out past the screen's right edge, to say why a page is too wide.
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5)
  .map(e => `${e.tagName}.${e.className}#${e.id}: ${Math.round(e.getBoundingClientRect().right)} px`)"""


def page_width(page):
    """How wide the document is, in CSS pixels."""
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.browser
def test_375_pixels_wide(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        page.set_viewport_size(PHONE)
        browser_support.sign_up(page, url, "Phone Trading", "phone-trading", "ada@phone.test", PASSWORD)
        customer_id = add_long_customer(browser_app, "phone-trading")

        for path in ("/customers/", f"/customers/{customer_id}", "/today/"):
            page.goto(f"{url}{path}")
            assert page_width(page) <= PHONE["width"], (path, page.evaluate(TOO_WIDE))

        # The menu is folded; the toggle opens it, and its links work.
        page.goto(f"{url}/customers/")
        menu_link = page.locator("header").get_by_role("link", name="Today")
        assert not menu_link.is_visible()
        assert not page.locator("header").get_by_role("button", name="Sign out").is_visible()
        page.locator("header label.menu-button").click()
        assert menu_link.is_visible()
        assert page_width(page) <= PHONE["width"]
        menu_link.click()
        page.wait_for_url("**/today/")

        # The customer list is cards: no table header, each customer's cells stacked in its own block.
        page.goto(f"{url}/customers/")
        assert not page.locator("table.cards thead").is_visible()
        row = page.locator("table.cards tbody tr").first
        name_cell = row.locator("td").first
        assert row.bounding_box()["width"] <= PHONE["width"]
        assert name_cell.bounding_box()["width"] > PHONE["width"] * 0.6  # the name spans the card

        # The customer file's sections stack: one above the other, not side by side.
        page.goto(f"{url}/customers/{customer_id}")
        details, contacts = page.locator("#file").bounding_box(), page.locator("#contacts").bounding_box()
        assert contacts["y"] >= details["y"] + details["height"] - 1
        assert page.locator("#attachments").is_visible()


@pytest.mark.browser
def test_the_menu_stays_open_on_a_wide_screen(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        page.set_viewport_size({"width": 1280, "height": 800})
        browser_support.sign_up(page, url, "Desk Trading", "desk-trading", "ada@desk.test", PASSWORD)
        assert page.locator("header").get_by_role("link", name="Today").is_visible()
        assert not page.locator("header label.menu-button").is_visible()
