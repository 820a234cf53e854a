"""The Content-Security-Policy in Chromium: the demo workspace's pages, core and every module, in Chinese and in
English, break nothing under it (no violation reported), charts and their tooltips included, and the behaviour
moved out of inline handlers (confirmations) still works."""
import re
from urllib.parse import urlsplit

import pytest
import browser_support
from browser_support import chromium_page, live_server

# Where each module's pages live; the walk must reach every one of them.
SECTIONS = ("/dashboard/", "/customers/", "/sales/", "/service/", "/dispatch/", "/insights/")
# Links the walk does not follow: files to download, the API, and leaving the session.
SKIPPED = re.compile(r"^/(api|static)/|/(download|export|logout)\b|\.(csv|xlsx|pdf)$|/print$")
MOST_PAGES = 150


@pytest.fixture
def demo_app(tmp_path):
    """An app with the Chinese demo workspace, every module on and filled; its admin's (email, password)."""
    from tenants.demo import create_demo

    with browser_support.browser_test_app(tmp_path) as app:
        with app.app_context():
            logins = create_demo(customers=40, echo=lambda line: None, locale="zh_CN")
        yield app, next((email, password) for role, email, password in logins if role == "admin")


def page_kind(path):
    """The route a path belongs to, ids left out: the walk opens one page of each."""
    return re.sub(r"/\d+", "/N", path)


def links(page, origin):
    """Same-site page links of the page's menu and body, as paths with their query."""
    found = page.eval_on_selector_all(
        "header a[href], main a[href]",
        "anchors => anchors.filter(a => !a.hasAttribute('download')).map(a => a.href)")
    for href in found:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" == origin and not SKIPPED.search(parts.path):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def hover_charts(page):
    """Wait for each chart on the page to be drawn, then point at its middle so that its tooltip shows."""
    charts = page.locator(".crm-chart:not(.crm-chart-failed)")
    for index in range(charts.count()):
        canvas = charts.nth(index).locator("canvas").first
        canvas.wait_for()
        canvas.hover()
        page.wait_for_timeout(100)


def walk(page, url, start="/dashboard/"):
    """Open each kind of page reachable from `start` once (breadth first); the paths opened."""
    queue, seen, opened = [start], {page_kind(start)}, []
    while queue and len(opened) < MOST_PAGES:
        path = queue.pop(0)
        response = page.goto(url + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        opened.append(path)
        hover_charts(page)
        for link in links(page, url):
            if page_kind(urlsplit(link).path) not in seen:
                seen.add(page_kind(urlsplit(link).path))
                queue.append(link)
    return opened


def switch_language(page, url, code, lang):
    """Choose the interface language with the header's switcher."""
    page.goto(f"{url}/dashboard/")
    page.locator(f"#language-switcher button[value={code}]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.browser
def test_every_page_of_the_demo_keeps_the_policy_in_both_languages(demo_app):
    app, (email, password) = demo_app
    with live_server(app) as url, chromium_page() as page:
        browser_support.sign_in(page, url, "demo", email, password)
        for code, lang in (("zh_CN", "zh-CN"), ("en", "en")):
            switch_language(page, url, code, lang)
            opened = walk(page, url)
            assert len(opened) >= 100, opened
            for section in SECTIONS:
                assert any(path.startswith(section) for path in opened), (section, opened)
            assert any(path.startswith("/sales/") and re.search(r"/\d+", path) for path in opened)
    # chromium_page fails the test on any violation it saw on the way.


@pytest.mark.browser
def test_a_confirmation_still_asks_and_a_no_keeps_the_record(demo_app):
    app, (email, password) = demo_app
    with live_server(app) as url, chromium_page() as page:
        browser_support.sign_in(page, url, "demo", email, password)
        page.goto(f"{url}/customers/")
        page.locator("table a[href^='/customers/']").first.click()
        page.wait_for_url(re.compile(r"/customers/\d+$"))
        customer = page.url
        asked = []
        page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        page.locator("main form[data-confirm]").first.locator("button").click()
        page.wait_for_timeout(300)
        assert asked and page.url == customer
        assert page.goto(customer).status == 200


def lead_form_url(app, url):
    """The public address of the demo's web-to-lead form."""
    from sqlalchemy import select

    from crm_platform.extensions import db
    from crm_platform.tenancy import unscoped
    from plugins.sales_automation.models import LeadForm

    with app.app_context(), unscoped("test reads the demo's form token"):
        return f"{url}/forms/lead/{db.session.scalar(select(LeadForm.token).limit(1))}"


def site_embedding(address):
    """A WSGI app for another origin: one page showing `address` in an iframe, as a workspace's website would."""
    def page(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [f'<!doctype html><title>Our website</title><iframe src="{address}" width="600" height="700">'
                f'</iframe>'.encode()]
    return page


@pytest.mark.browser
def test_the_public_lead_form_works_inside_another_sites_page(demo_app):
    app, _ = demo_app
    with live_server(app) as url, live_server(site_embedding(lead_form_url(app, url))) as website, \
            chromium_page() as page:
        page.goto(website)
        form = page.frame_locator("iframe")
        form.locator("input[name=name]").fill("张伟")
        form.locator("input[name=phone]").fill("13900139000")
        trap = form.locator("input[name=website]").bounding_box()
        assert trap["x"] + trap["width"] < 0  # the honeypot's stylesheet applies: people never see the field
        form.locator("button[type=submit]").click()
        form.locator("p[role=status]").wait_for()  # the thank-you page, inside the frame
    assert lead_named(app, "张伟")


def lead_named(app, name):
    """The id of the demo's lead called `name`, or None."""
    from sqlalchemy import select

    from crm_platform.extensions import db
    from crm_platform.tenancy import unscoped
    from plugins.sales_automation.models import Lead

    with app.app_context(), unscoped("test reads the demo's leads"):
        return db.session.scalar(select(Lead.id).where(Lead.name == name))
