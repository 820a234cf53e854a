"""An admin revokes a user's API token from the user's page, in a real Chromium with CSRF on."""
import json
import urllib.error
import urllib.request

import pytest

import browser_support
from browser_support import chromium_page, live_server

PASSWORD = "browser-test-pw"


@pytest.fixture
def browser_app(tmp_path):
    """An app on its own SQLite file, with CSRF protection on as in production."""
    with browser_support.browser_test_app(tmp_path) as app:
        yield app


def call(url, path, data=None, token=None):
    """A request to the API outside the browser (no cookies): (status, headers, JSON body)."""
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(f"{url}{path}", headers=headers,
                                     data=json.dumps(data).encode() if data is not None else None)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, None


@pytest.mark.browser
def test_an_admin_revokes_a_users_token_on_the_users_page(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Token Trading", "token-trading", "ada@browser.test", PASSWORD)
        admin = call(url, "/api/v1/tokens", {"workspace": "token-trading", "email": "ada@browser.test",
                                             "password": PASSWORD})[2]["token"]
        assert call(url, "/api/v1/users", {"name": "Rex Rep", "email": "rex@browser.test", "role": "rep",
                                           "password": PASSWORD}, admin)[0] == 201
        status, headers, created = call(url, "/api/v1/tokens", {"workspace": "token-trading", "password": PASSWORD,
                                                                "email": "rex@browser.test", "name": "Reporting script"})
        assert status == 201 and headers["Cache-Control"] == "no-store"
        token = created["token"]
        assert call(url, "/api/v1/me", token=token)[0] == 200

        page.goto(f"{url}/org/users")
        page.locator("main table.data a", has_text="Rex Rep").click()
        tokens = page.locator("#tokens")
        row = tokens.locator("tr", has_text="Reporting script")
        assert token[:10] in row.inner_text() and token not in page.content()
        row.get_by_role("button", name="Revoke").click()
        assert "Token Reporting script revoked." in page.locator(".flash").inner_text()
        assert "Rex Rep has no API tokens." in tokens.inner_text()
        assert call(url, "/api/v1/me", token=token)[0] == 401
        assert call(url, "/api/v1/me", token=admin)[0] == 200
