"""The canned reply picker under a ticket's reply box in Chromium: the reply, filled for the ticket, goes into the
box by JavaScript (no reload), the knowledge base is searched in place, no console error, and all of it in Chinese.

The customer, its contact and the ticket are written to the database; the shared
reply is written on its page, as the admin would.
"""
import pytest

import browser_support
from browser_support import chromium_page, live_server, select_by_text, submit

PASSWORD = "browser-test-pw"
SLUG = "reply-trading"
NUMBER = "GD-2026-0042"


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def open_a_ticket(app):
    """The module on, and a ticket of 华东冷链 whose contact is 李伟, assigned to the admin; the ticket's id."""
    from crm_platform.extensions import db
    from crm_platform.models import Contact, Customer
    from crm_platform.tenancy import tenant_scope
    from plugins.service_support.models import Ticket

    tenant_id, admin_id = browser_support.enable_module(app, SLUG, "service_support")
    with app.test_request_context(), tenant_scope(tenant_id, admin_id):
        customer = Customer(name="华东冷链", owner_id=admin_id)
        db.session.add(customer)
        db.session.flush()
        contact = Contact(customer_id=customer.id, name="李伟", email="li.wei@huadong.test")
        db.session.add(contact)
        db.session.flush()
        ticket = Ticket(number=NUMBER, customer_id=customer.id, contact_id=contact.id, channel="phone",
                        category="complaint", priority="high", subject="冷库温度过高", status="new",
                        assignee_id=admin_id, created_by_id=admin_id)
        db.session.add(ticket)
        db.session.commit()
        return ticket.id


def write_shared_reply(page, url, title, body):
    """Write a canned reply everyone in the workspace may use, on the knowledge base's page."""
    page.goto(f"{url}/service/knowledge/replies/new")
    page.fill("input[name=title]", title)
    page.fill("textarea[name=body]", body)
    page.check("input[name=shared]")
    submit(page, "form", "Save")
    page.wait_for_url("**/service/knowledge/replies**")


def watch_console(page):
    """The console errors and uncaught exceptions of `page` from now on, as a list that fills as they come."""
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


@pytest.mark.browser
def test_a_canned_reply_goes_into_the_reply_box_filled_for_the_ticket_in_english_and_chinese(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Reply Trading", SLUG, "ada@reply.test", PASSWORD)
        ticket_id = open_a_ticket(browser_app)
        write_shared_reply(page, url, "Apology", "Dear {contact}, about {ticket} for {customer}: sorry. {nope}")
        write_shared_reply(page, url, "道歉", "{联系人}您好，关于工单 {工单号}，{客户}的问题已处理。")

        problems = watch_console(page)
        ticket_url = f"{url}/service/tickets/{ticket_id}"
        page.goto(ticket_url)
        box = page.locator("#reply-body")
        box.fill("Hello,")
        select_by_text(page, "#canned-choice", "Apology · shared")
        page.locator("#canned-picker").get_by_role("button", name="Insert").click()
        # Inserted in place by reply_tools.js: the page was not reloaded with ?canned=.
        assert box.input_value() == "Hello,\nDear 李伟, about GD-2026-0042 for 华东冷链: sorry. {nope}"
        assert page.url == ticket_url
        warning = page.locator("#canned-warning")
        assert warning.is_visible() and "{nope}" in warning.inner_text()
        assert page.locator("#canned-choice").input_value() == ""  # ready for the next choice

        page.fill("#kb-search input[name=q]", "no such article")
        page.locator("#kb-search").get_by_role("button", name="Search").click()
        page.locator("#kb-results li", has_text="No article matches.").wait_for()
        assert page.url == ticket_url

        page.locator("#language-switcher").get_by_role("button", name="简体中文").click()
        page.wait_for_url(ticket_url)
        assert page.get_attribute("html", "lang") == "zh-CN"
        assert "快捷回复" in page.locator("#canned-picker").inner_text()
        assert "内容" in page.locator("#reply").inner_text()  # the reply box's label
        box = page.locator("#reply-body")
        assert box.input_value() == ""
        select_by_text(page, "#canned-choice", "道歉 · 共享")
        page.locator("#canned-picker").get_by_role("button", name="插入").click()
        assert box.input_value() == "李伟您好，关于工单 GD-2026-0042，华东冷链的问题已处理。"
        assert page.locator("#canned-warning").is_hidden()
        page.locator("#reply").get_by_role("button", name="提交").click()
        page.wait_for_url(f"{ticket_url}#message-*")
        assert "李伟您好，关于工单 GD-2026-0042" in page.locator("#conversation article").first.inner_text()
        assert not problems, problems
