"""Helpers for browser tests: the app served on a free port, and Debian's Chromium under Playwright."""
import shutil
import threading
from contextlib import contextmanager

import pytest

BROWSER_CONFIG = {"TESTING": True, "SECRET_KEY": "browser-test", "WTF_CSRF_ENABLED": True,
                  "CRM_PASSWORD_TIME_COST": 1, "CRM_PASSWORD_MEMORY_COST": 64, "CRM_THROTTLE_STORAGE_URL": "memory://"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@contextmanager
def browser_test_app(tmp_path, **config):
    """An app on its own SQLite file in `tmp_path`, with CSRF protection on as in production; `config` adds to it."""
    from crm_platform.testing import dispose, make_app

    app = make_app({**BROWSER_CONFIG, **config}, f"sqlite:///{tmp_path / 'browser.sqlite'}", tmp_path / "instance")
    try:
        yield app
    finally:
        dispose(app)


@contextmanager
def browser_mail_app(tmp_path, redis_url, smtp_port, **config):
    """`browser_test_app` with the test Redis for jobs and the smtp mail backend on the test server at `smtp_port`.

    Mailed links point at CRM_BASE_URL: set it to the live server's URL once it runs.
    """
    with browser_test_app(tmp_path, CRM_REDIS_URL=redis_url, CRM_MAIL_BACKEND="smtp", CRM_SMTP_HOST="127.0.0.1",
                          CRM_SMTP_PORT=smtp_port, **config) as app:
        yield app


@contextmanager
def live_server(app):
    """Serve `app` from a background thread; yields its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


# Reports each violation of the page's Content-Security-Policy to the console, where `chromium_page` collects it.
CSP_REPORTER = """document.addEventListener("securitypolicyviolation", function (event) {
  console.error("Content Security Policy violation: " + event.violatedDirective + " blocked " + event.blockedURI +
                " (" + event.sourceFile + ":" + event.lineNumber + ") " + (event.sample || ""));
});"""


def csp_violations(page):
    """A list that fills with every Content-Security-Policy violation `page` meets, as the console reports them."""
    violations = []
    page.add_init_script(CSP_REPORTER)
    page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text else None)
    return violations


@contextmanager
def chromium_page():
    """A new page in a headless Chromium; skips the test when Playwright or Chromium is missing.

    The test fails if any page it opened broke the Content-Security-Policy (an inline script or style, a
    handler attribute, eval, something from another site): the pages must work as the policy lets them.
    Give `page.wait_for_function` a function ("() => ..."): Playwright evaluates a bare expression with eval.
    """
    import playwright.sync_api as playwright
    # Playwright cannot download its own browsers here; Debian's package is the browser.
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("Debian's chromium is missing: run `make test` (it apt-installs it) or `apt-get install chromium`")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(15_000)
            violations = csp_violations(page)
            yield page
            assert not violations, "the Content-Security-Policy was broken:\n" + "\n".join(violations)
        finally:
            browser.close()


def workspace_ids(app, slug):
    """(tenant id, id of its admin: the user who signed it up) of the workspace `slug`."""
    from sqlalchemy import select

    from crm_platform.extensions import db
    from crm_platform.models import Tenant, User
    from crm_platform.tenancy import tenant_scope, unscoped

    with app.app_context():
        with unscoped("browser test setup"):
            tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == slug))
        with tenant_scope(tenant_id):
            return tenant_id, db.session.scalar(select(User.id).order_by(User.created_at, User.id).limit(1))


def enable_module(app, slug, name, settings=None):
    """Turn module `name` on for the workspace `slug`, as its admin would on the modules page; its workspace_ids."""
    from crm_platform.extensions import db
    from crm_platform.modules.state import set_module
    from crm_platform.tenancy import tenant_scope

    tenant_id, admin_id = workspace_ids(app, slug)
    with app.test_request_context(), tenant_scope(tenant_id, admin_id):
        set_module(name, True, settings)
        db.session.commit()
    return tenant_id, admin_id


def select_by_text(page, selector, text):
    """Choose the option of `selector` whose visible text, without indentation, is `text`."""
    value = page.eval_on_selector(
        selector, "(select, text) => [...select.options].find(o => o.textContent.trim() === text)?.value", text)
    assert value is not None, f"no option {text!r} in {selector}"
    page.select_option(selector, value)


def submit(page, form, button):
    """Click `button` of the `form` inside the page body (the header has a sign-out form too)."""
    page.locator(f"main {form}").get_by_role("button", name=button).click()


def sign_up(page, url, company, slug, email, password, name="Ada Admin"):
    """Open a workspace through the signup page; its first user (`name`, `email`) is the admin, on the dashboard.

    A too-short password is tried first and must be refused next to its field.
    """
    page.goto(f"{url}/signup")
    page.fill("input[name=company]", company)
    page.fill("input[name=slug]", slug)
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "short")
    submit(page, "form", "Open the workspace")
    assert page.locator("#password-error").is_visible()
    page.fill("input[name=password]", password)
    submit(page, "form", "Open the workspace")
    page.wait_for_url("**/dashboard/")
    assert slug in page.locator(".flash").inner_text()


def sign_in(page, url, workspace, email, password):
    """Sign in to `workspace` (its slug) on the sign-in page; lands on the dashboard."""
    page.goto(f"{url}/login")
    page.fill("input[name=workspace]", workspace)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    submit(page, "form", "Sign in")
    page.wait_for_url("**/dashboard/")


def open_customer_list(page):
    """Go to the customer list through the main menu (people land on the dashboard)."""
    page.locator("header").get_by_role("link", name="Customers").click()
    page.wait_for_url("**/customers/")


def sign_out(page):
    """Press the header's sign-out button; lands on the sign-in page."""
    page.locator("header").get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
