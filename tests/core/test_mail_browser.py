"""Invitation and password reset in a real Chromium, with CSRF on, a real SMTP server, Redis and worker.

The admin invites a colleague from the users page; the colleague follows the mailed
link, chooses a password and is signed in; later they forget it and reset it from
the sign-in page.
"""
import pytest

import browser_support
import mail_support
from browser_support import chromium_page, live_server, sign_out, submit
from mail_support import link_in, run_worker

smtp = mail_support.smtp

ADMIN_PASSWORD = "browser-admin-pw"
INVITEE = ("Ivy Invited", "ivy@browser.test")


@pytest.fixture
def mail_app(tmp_path, redis_url, redis_db, smtp):
    """An app with CSRF on as in production, the test Redis and the smtp backend on the test server."""
    with browser_support.browser_mail_app(tmp_path, redis_url, smtp.port) as app:
        yield app


def follow_mail(page, app, redis_db, smtp, email, url):
    """Run the queued mail job, then open the link of the newest mail to `email`."""
    run_worker(app, redis_db)
    _, path, _ = link_in(smtp.to(email)[-1], base_url=url)
    page.goto(f"{url}{path}")


@pytest.mark.browser
def test_an_invited_colleague_signs_in_then_resets_a_forgotten_password(mail_app, redis_db, smtp):
    name, email = INVITEE
    with live_server(mail_app) as url, chromium_page() as page:
        # Mailed links point at the public address; here that is the live server.
        mail_app.config["CRM_BASE_URL"] = url
        browser_support.sign_up(page, url, "Browser Trading", "browser-trading", "ada@browser.test", ADMIN_PASSWORD)
        page.goto(f"{url}/org/users/new")
        page.fill("input[name=name]", name)
        page.fill("input[name=email]", email)
        submit(page, "form", "Add user")
        page.wait_for_url("**/org/users")
        assert "invitation to choose a password is on its way" in page.locator(".flash").inner_text()
        assert "Invitation pending" in page.locator("table.data tr", has_text=email).inner_text()
        sign_out(page)

        follow_mail(page, mail_app, redis_db, smtp, email, url)
        assert email in page.locator("main").inner_text()
        page.fill("input[name=password]", "ivy's first password")
        submit(page, "form", "Set password and sign in")
        page.wait_for_url("**/dashboard/")
        assert "Welcome to Browser Trading" in page.locator(".flash").inner_text()
        sign_out(page)

        page.goto(f"{url}/login?workspace=browser-trading")
        page.get_by_role("link", name="Forgot your password?").click()
        assert page.input_value("input[name=workspace]") == "browser-trading"
        page.fill("input[name=email]", email)
        submit(page, "form", "Email me a link")
        page.wait_for_url("**/login?workspace=browser-trading")
        assert "If an active account" in page.locator(".flash").inner_text()

        follow_mail(page, mail_app, redis_db, smtp, email, url)
        page.fill("input[name=password]", "ivy's second password")
        submit(page, "form", "Change password")
        page.wait_for_url("**/login?workspace=browser-trading")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", "ivy's second password")
        submit(page, "form", "Sign in")
        page.wait_for_url("**/dashboard/")
