"""Helpers for sign-in throttling tests: wrong attempts, the owner's browser, real counters, a movable clock.

A test module takes the fixtures by naming them at module level
(`counters, clock = throttle_support.counters, throttle_support.clock`).
"""
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis
import time_machine

from crm_platform.auth import throttle as throttle_module
from crm_platform.testing import sign_in

TOKENS = "/api/v1/tokens"


def fail(client, email="rep_n1@example.test", workspace="acme", **kwargs):
    """A wrong password through the sign-in form."""
    return sign_in(client, workspace, email, "not the password", **kwargs)


def token_request(client, email="rep_n1@example.test", password="not the password", **kwargs):
    """A token asked for with credentials (wrong ones by default)."""
    return client.post(TOKENS, json={"workspace": "acme", "email": email, "password": password}, **kwargs)


def owners_browser(app, email="rep_n1@example.test", **kwargs):
    """A browser that signed in to `email` once (so it holds a device cookie), then signed out."""
    browser = app.test_client()
    assert sign_in(browser, "acme", email, **kwargs).status_code == 302
    browser.post("/logout")
    return browser


def retry_after(response):
    """The whole seconds of a 429's Retry-After."""
    assert response.status_code == 429, response.status_code
    return int(response.headers["Retry-After"])


@pytest.fixture(params=["memory", "redis"])
def counters(request, app):
    """The app's throttle counters: in memory, or in a real Redis server of this test's own."""
    if request.param == "memory":
        yield request.param
        return
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing: run `make test` (it apt-installs it) or `apt-get install redis-server`")
    folder = Path(tempfile.mkdtemp(prefix="crm-redis-"))  # short: socket paths are limited
    socket = folder / "redis.sock"
    server = subprocess.Popen(["redis-server", "--port", "0", "--unixsocket", str(socket), "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if socket.exists():
                break
            time.sleep(0.05)
        redis.Redis(unix_socket_path=str(socket)).ping()
        app.config["CRM_THROTTLE_STORAGE_URL"] = f"redis+unix://{socket}"
        throttle_module.throttle.init_app(app)
        yield request.param
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def clock():
    """The wall clock, running from now, that `clock.shift(seconds)` moves forward (time-machine)."""
    with time_machine.travel(time.time(), tick=True) as traveller:
        yield traveller
