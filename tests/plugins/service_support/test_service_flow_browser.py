"""A complaint from start to finish in Chromium, with CSRF on, a real SMTP server, Redis and worker.

The service desk (the admin) opens a complaint for 王芳's customer and assigns it
to her, replies to the customer's contact and resolves it. The worker mails the
reply and the satisfaction survey; the contact answers the survey from the mailed
link without signing in. 王芳 finds her return visit under "My return visits" and,
once it falls due, on Today; her manager sees the score on the service metrics page.
The people, the customer and its contact are written to the database (their pages
have their own browser tests); everything about the ticket goes through the pages.
"""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

import browser_support
import mail_support
from browser_support import chromium_page, live_server, select_by_text, sign_out, submit
from mail_support import body, run_worker

smtp = mail_support.smtp

PASSWORD = "browser-test-pw"
SLUG = "huadong-service"
CONTACT = "li.wei@huadong.test"
OWNER = ("王芳", "wang@huadong-service.test")
MANAGER = ("赵敏", "zhao@huadong-service.test")


@pytest.fixture
def mail_app(tmp_path, redis_url, redis_db, smtp):
    """An app with CSRF on as in production, the test Redis and the smtp backend on the test server."""
    with browser_support.browser_mail_app(tmp_path, redis_url, smtp.port) as app:
        yield app


def add_people_and_customer(app):
    """The module on; the rep 王芳 and her manager 赵敏 in the company unit; 王芳's customer 华东冷链 with 李伟."""
    from crm_platform.auth.passwords import hash_password
    from crm_platform.extensions import db
    from crm_platform.models import Contact, Customer, OrgUnit, User
    from crm_platform.tenancy import tenant_scope

    tenant_id, admin_id = browser_support.enable_module(app, SLUG, "service_support")
    with app.app_context(), tenant_scope(tenant_id, admin_id):
        unit_id = db.session.scalar(select(OrgUnit.id).order_by(OrgUnit.created_at, OrgUnit.id).limit(1))
        rep, manager = (User(name=name, email=email, role=role, org_unit_id=unit_id,
                             password_hash=hash_password(PASSWORD))
                        for (name, email), role in ((OWNER, "rep"), (MANAGER, "manager")))
        db.session.add_all([rep, manager])
        db.session.flush()
        customer = Customer(name="华东冷链", owner_id=rep.id)
        db.session.add(customer)
        db.session.flush()
        db.session.add(Contact(customer_id=customer.id, name="李伟", email=CONTACT))
        db.session.commit()
        return tenant_id


def flash(page):
    """The text of the page's flash messages."""
    return page.locator(".flash").inner_text()


def menu(page, name):
    """Follow the main menu's entry `name`."""
    page.locator("header").get_by_role("link", name=name, exact=True).click()


def status(page):
    """The ticket's status as its page shows it."""
    return page.locator("dl.ticket-header dd strong").first.inner_text()


def sign_in(page, url, email):
    """Sign in to the workspace as `email`."""
    browser_support.sign_in(page, url, SLUG, email, PASSWORD)


def open_complaint(page):
    """Open a high-priority complaint for 华东冷链's contact 李伟, assigned to 王芳; its number."""
    menu(page, "Tickets")
    page.wait_for_url("**/service/tickets/")
    page.locator("main").get_by_role("button", name="New ticket").first.click()
    page.wait_for_url("**/service/tickets/new")
    select_by_text(page, "select[name=customer_id]", "华东冷链")
    select_by_text(page, "select[name=contact_id]", "华东冷链 · 李伟")
    select_by_text(page, "select[name=category]", "Complaint")
    select_by_text(page, "select[name=priority]", "High")
    page.fill("input[name=subject]", "冷库温度过高")
    page.fill("textarea[name=description]", "The cold room reads 8 °C since this morning.")
    select_by_text(page, "select[name=assignee_id]", OWNER[0])
    submit(page, "form", "Open ticket")
    page.wait_for_url(re.compile(r".*/service/tickets/\d+$"))
    opened = re.search(r"Ticket (GD-\d{4}-\d{4}) opened\.", flash(page))
    assert opened, flash(page)
    assert status(page) == "New"
    header = page.locator("dl.ticket-header").inner_text()
    assert "Complaint" in header and OWNER[0] in header and CONTACT in header
    return opened.group(1)


def reply_and_resolve(page, number):
    """A public reply to the contact (the ticket becomes Open), then Resolve: a return visit for 王芳 is planned."""
    page.fill("#reply-body", "We are sending an engineer today.")
    page.locator("#reply").get_by_role("button", name="Send").click()
    page.wait_for_url(re.compile(r".*/service/tickets/\d+#message-\d+$"))
    assert f"Reply sent; it is being mailed to {CONTACT}." in flash(page)
    assert "We are sending an engineer today." in page.locator("#conversation article").first.inner_text()
    assert status(page) == "Open"

    with page.expect_navigation():
        page.locator("main nav").get_by_role("button", name="Resolve").click()
    assert f"Ticket {number} is now Resolved." in flash(page)
    assert status(page) == "Resolved"
    assert OWNER[0] in page.locator("#ticket-follow-ups").inner_text()
    assert page.locator("#ticket-survey").get_attribute("data-state") == "open"  # not mailed yet: the worker does


def survey_link(smtp, url):
    """The survey link of the mail the worker sent the contact (it was sent a public reply too)."""
    links = [re.search(re.escape(url) + r"/service/survey/[A-Za-z0-9_\-]{43}", body(message))
             for message in smtp.to(CONTACT)]
    [link] = [found.group(0) for found in links if found]
    return link


def answer_survey(page, link, url):
    """In a browser of its own, never signed in, the contact gives the survey a 4 with a comment."""
    context = page.context.browser.new_context()
    try:
        visitor = context.new_page()
        visitor.goto(link)
        assert visitor.locator("h1").inner_text() == "Satisfaction survey"
        visitor.get_by_label("4 – satisfied").check()
        visitor.fill("textarea[name=comment]", "Fixed the same day.")
        visitor.locator("#survey-form").get_by_role("button", name="Send").click()
        visitor.get_by_role("status").filter(has_text="Thank you! Your answer has been recorded.").wait_for()
        visitor.goto(f"{url}/service/tickets/")
        visitor.wait_for_url("**/login**")  # the visitor was never signed in
    finally:
        context.close()


def falls_due(app, tenant_id):
    """The days pass: the open return visit is due today (the workspace's), as Today lists only those due."""
    from crm_platform.extensions import db
    from crm_platform.models import Tenant
    from crm_platform.tenancy import tenant_scope
    from crm_platform.workspace.settings import tenant_today
    from plugins.service_support.models import FollowUp

    with app.app_context(), tenant_scope(tenant_id):
        today = tenant_today(db.session.get(Tenant, tenant_id))
        [visit] = db.session.scalars(select(FollowUp)).all()
        assert visit.due_date > today - timedelta(days=1) and visit.done_at is None
        visit.due_date = today
        db.session.commit()
        return today


def owner_finds_the_return_visit(page, url, app, tenant_id, number):
    """王芳 sees the return visit under "My return visits", and on Today once it is due."""
    sign_in(page, url, OWNER[1])
    menu(page, "My return visits")
    page.wait_for_url("**/service/followups/")
    row = page.locator("#follow-ups tbody tr", has_text=number)
    assert "Complaint resolved" in row.inner_text() and "华东冷链" in row.inner_text()
    falls_due(app, tenant_id)
    menu(page, "Today")
    page.wait_for_url("**/today/")
    row = page.locator("#follow-ups-due tr", has_text=number)
    assert "冷库温度过高" in row.inner_text()
    row.get_by_role("link", name="Complaint resolved").click()
    page.wait_for_url(re.compile(r".*/service/followups/\d+$"))
    assert number in page.locator("main").inner_text()
    sign_out(page)


def manager_sees_the_score(page, url, app, tenant_id):
    """赵敏 opens the service metrics: this week's average satisfaction is the 4 given, from one answer."""
    from crm_platform.extensions import db
    from crm_platform.models import Tenant
    from crm_platform.tenancy import tenant_scope
    from crm_platform.workspace.settings import tenant_today

    with app.app_context(), tenant_scope(tenant_id):
        today = tenant_today(db.session.get(Tenant, tenant_id))
    sign_in(page, url, MANAGER[1])
    menu(page, "Service metrics")
    page.wait_for_url("**/service/metrics/")
    assert page.locator("main h1").inner_text() == "Service metrics"  # everyone's figures, not only hers
    chart = page.locator("#satisfaction")
    chart.locator(".crm-chart canvas").first.wait_for()
    chart.locator("summary").click()
    week = (today - timedelta(days=today.weekday())).isoformat()
    assert f"{week}\t4\t1" in chart.locator("table").inner_text()


@pytest.mark.browser
def test_a_complaint_is_resolved_surveyed_visited_again_and_scored(mail_app, redis_db, smtp):
    with live_server(mail_app) as url, chromium_page() as page:
        mail_app.config["CRM_BASE_URL"] = url  # mailed links point at the live server
        browser_support.sign_up(page, url, "Huadong Service", SLUG, "ada@huadong-service.test", PASSWORD)
        tenant_id = add_people_and_customer(mail_app)
        page.reload()  # the menu now has the module's entries
        number = open_complaint(page)
        reply_and_resolve(page, number)

        run_worker(mail_app, redis_db)
        subjects = [message["Subject"] for message in smtp.to(CONTACT)]
        assert len(subjects) == 2 and all(number in subject for subject in subjects), subjects
        answer_survey(page, survey_link(smtp, url), url)
        page.reload()
        assert "Score: 4 / 5" in page.locator("#ticket-survey").inner_text()
        assert "Fixed the same day." in page.locator("main blockquote").inner_text()
        sign_out(page)

        owner_finds_the_return_visit(page, url, mail_app, tenant_id, number)
        manager_sees_the_score(page, url, mail_app, tenant_id)
