"""Pytest fixtures for the CRM core and for plugins built on it.

Enable them in a ``conftest.py``::

    pytest_plugins = ["crm_platform.testing"]

Fixtures:

``app_config``
    Config given to every ``app``. Per test: ``@pytest.mark.app_config(KEY=value)``;
    per suite: override the fixture (and keep its defaults).
``app``
    A new application per test on its own empty database, every table created.
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
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import create_engine, delete, select, text
from sqlalchemy.engine import make_url

PASSWORD = "correct horse battery"
MISSING_ID = 999_999
"""An id no row has in a test database: what "missing" looks like in assertions."""


# -- the world -----------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    """An org unit of the world."""

    key: str
    id: int
    name: str
    parent: str | None


@dataclass(frozen=True)
class Person:
    """A user of the world; ``key`` is also their role-and-place, e.g. ``rep_n1``."""

    key: str
    id: int
    name: str
    email: str
    role: str
    unit: str


@dataclass(frozen=True)
class Account:
    """A customer of the world and the key of the user who owns it."""

    key: str
    id: int
    name: str
    owner: str


@dataclass(frozen=True)
class Record:
    """A contact or activity of the world, under the customer with the same key."""

    key: str
    id: int
    customer: str


@dataclass(frozen=True)
class Token:
    """A user's API token: the row id and the secret to send."""

    id: int
    secret: str


@dataclass
class TenantWorld:
    """One tenant of the world; every mapping is keyed by the names below."""

    slug: str
    id: int
    name: str
    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    customers: dict = field(default_factory=dict)
    contacts: dict = field(default_factory=dict)
    activities: dict = field(default_factory=dict)
    shares: list = field(default_factory=list)
    tokens: dict = field(default_factory=dict)

    def route_ids(self, customer="s1_shared"):
        """Ids for a route's ``<int:…>`` parameters, by parameter name.

        Customer, contact and activity belong together; ``user_id`` is rep_n1,
        whom s1_shared is shared with; ``token_id`` is the admin's API token.
        """
        return {
            "customer_id": self.customers[customer].id,
            "contact_id": self.contacts[customer].id,
            "activity_id": self.activities[customer].id,
            "user_id": self.users["rep_n1"].id,
            "unit_id": self.units["north"].id,
            "token_id": self.tokens["admin"].id,
        }


@dataclass
class World:
    """The two tenants, built alike (same names and emails, different ids).

    Org chart and users (both tenants)::

        company            admin, executive
        ├── north          manager_north, rep_n2
        │   └── north1     rep_n1
        └── south          manager_south, rep_s1

    Customers by key (owner): n1_alpha, n1_beta (rep_n1), n2 (rep_n2), s1 and
    s1_shared (rep_s1; s1_shared is shared with rep_n1), north_mgr
    (manager_north), house (admin). Every customer has one contact and one
    activity under the same key. Every user's password is ``PASSWORD``.
    """

    acme: TenantWorld
    globex: TenantWorld
    password: str = PASSWORD

    def __getitem__(self, slug):
        return {"acme": self.acme, "globex": self.globex}[slug]

    @property
    def tenants(self):
        """Both tenants."""
        return [self.acme, self.globex]

    def other(self, tenant):
        """The tenant that is not `tenant` (a TenantWorld or slug)."""
        slug = getattr(tenant, "slug", tenant)
        return self.globex if slug == "acme" else self.acme


UNITS = [("company", "Company", "company", None), ("north", "North", "branch", "company"),
         ("north1", "North-1", "team", "north"), ("south", "South", "branch", "company")]
USERS = [("admin", "admin", "company"), ("executive", "executive", "company"),
         ("manager_north", "manager", "north"), ("manager_south", "manager", "south"),
         ("rep_n1", "rep", "north1"), ("rep_n2", "rep", "north"), ("rep_s1", "rep", "south")]
CUSTOMERS = [
    ("n1_alpha", "Alpha Trading", "rep_n1", dict(status="signed", level="effective", region="North",
                                                 email="buy@alpha.test", phone="+1 555 0101"), ["vip"]),
    ("n1_beta", "Beta Foods", "rep_n1", dict(status="following", level="potential", region="North"), []),
    ("n2", "Gamma Tools", "rep_n2", dict(status="following", level="intention", region="North"), ["vip"]),
    ("s1", "Delta Shipping", "rep_s1", dict(status="signed", level="effective", region="South"), ["export"]),
    ("s1_shared", "Epsilon Media", "rep_s1", dict(status="terminated", level="potential", region="South"), []),
    ("north_mgr", "Zeta Energy", "manager_north", dict(status="following", level="effective", region="North"), []),
    ("house", "Eta Holdings", "admin", dict(status="signed", level="effective", region=None), []),
]
SHARES = [("s1_shared", "rep_n1")]


def _build_tenant(slug, name, password_hash):
    """Create one tenant of the world in the database; returns its TenantWorld."""
    from datetime import datetime, timezone

    from crm_platform.auth.api import issue_token
    from crm_platform.extensions import db
    from crm_platform.models import Activity, Contact, Customer, CustomerShare, OrgUnit, Tenant, User
    from crm_platform.tenancy import tenant_scope

    tenant = Tenant(name=name, slug=slug, settings={})
    db.session.add(tenant)
    db.session.flush()
    tw = TenantWorld(slug=slug, id=tenant.id, name=name)
    with tenant_scope(tenant.id):
        units = {}
        for key, unit_name, kind, parent in UNITS:
            unit = OrgUnit(name=unit_name, kind=kind, parent_id=units[parent].id if parent else None)
            db.session.add(unit)
            db.session.flush()
            unit.path = f"{units[parent].path if parent else '/'}{unit.id}/"
            units[key] = unit
            tw.units[key] = Unit(key, unit.id, unit_name, parent)
        users = {}
        for key, role, unit in USERS:
            user = User(name=key.replace("_", " ").title(), email=f"{key}@example.test", role=role,
                        org_unit_id=units[unit].id, password_hash=password_hash)
            db.session.add(user)
            users[key] = user
        db.session.flush()
        for key, role, unit in USERS:
            user = users[key]
            tw.users[key] = Person(key, user.id, user.name, user.email, role, unit)
        for key, cname, owner, fields, tags in CUSTOMERS:
            customer = Customer(name=cname, owner_id=users[owner].id, **fields)
            customer.tags = tags
            db.session.add(customer)
            db.session.flush()
            contact = Contact(customer_id=customer.id, name=f"{cname} Contact", email=f"contact@{key}.test")
            activity = Activity(customer_id=customer.id, user_id=users[owner].id, kind="call",
                                occurred_at=datetime(2026, 1, 5, 10, tzinfo=timezone.utc), subject="Intro call")
            db.session.add_all([contact, activity])
            db.session.flush()
            tw.customers[key] = Account(key, customer.id, cname, owner)
            tw.contacts[key] = Record(key, contact.id, key)
            tw.activities[key] = Record(key, activity.id, key)
        for customer_key, user_key in SHARES:
            db.session.add(CustomerShare(customer_id=tw.customers[customer_key].id, user_id=users[user_key].id))
            tw.shares.append((customer_key, user_key))
        db.session.commit()
        for key, user in users.items():
            row, secret = issue_token(user, "tests")
            tw.tokens[key] = Token(row.id, secret)
    return tw


def build_world():
    """Create the two tenants of :class:`World` in the app's database (in an app context)."""
    from crm_platform.auth.passwords import hash_password
    from crm_platform.extensions import db
    from crm_platform.models import AuditEntry
    from crm_platform.tenancy import unscoped

    password_hash = hash_password(PASSWORD)
    world = World(acme=_build_tenant("acme", "Acme", password_hash),
                  globex=_build_tenant("globex", "Globex", password_hash))
    with unscoped("tests start with an empty audit trail"):
        db.session.execute(delete(AuditEntry))
        db.session.commit()
    return world


def dump_rows(engine, metadata):
    """Every row of every table, as {table name: [row dicts]} (parents first)."""
    with engine.connect() as conn:
        return {table.name: [dict(row._mapping) for row in conn.execute(
            table.select().order_by(*table.primary_key.columns))] for table in metadata.sorted_tables}


def load_rows(engine, metadata, rows):
    """Insert rows made by :func:`dump_rows` and move id sequences past them."""
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            if rows.get(table.name):
                conn.execute(table.insert(), rows[table.name])
        if conn.dialect.name == "postgresql":
            for table in metadata.sorted_tables:
                if "id" in table.c and rows.get(table.name) and table.c.id.autoincrement:
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT MAX(id) FROM \"{table.name}\"))"))


# -- databases -------------------------------------------------------------------

class TestDatabase:
    """Where each test's database lives: SQLite files, or one PostgreSQL database."""

    __test__ = False

    def __init__(self, base_url):
        self.url = None
        self._admin = self._engine = None
        if base_url:
            base = make_url(base_url)
            self._admin = create_engine(base, isolation_level="AUTOCOMMIT")
            self._name = f"crm_test_{uuid.uuid4().hex[:12]}"
            with self._admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self._name}"'))
            self.url = base.set(database=self._name).render_as_string(hide_password=False)

    @property
    def is_sqlite(self):
        """True when each test gets its own SQLite file."""
        return self.url is None

    def url_for(self, directory):
        """The database URL for a test whose scratch folder is `directory`."""
        return self.url or f"sqlite:///{directory / 'crm.sqlite'}"

    def empty(self, metadata):
        """Delete every row of every table and restart ids (PostgreSQL; SQLite files are dropped)."""
        if self.is_sqlite:
            return
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        if self._engine is None:
            self._engine = create_engine(self.url)
        with self._engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))

    def close(self):
        """Drop the session's PostgreSQL database."""
        if self._engine is not None:
            self._engine.dispose()
        if self._admin is not None:
            with self._admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self._name}" WITH (FORCE)'))
            self._admin.dispose()


def make_app(config, database_url, instance_path):
    """A test app on `database_url` with every table created."""
    from crm_platform import create_app
    from crm_platform.extensions import db

    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": database_url}, instance_path=str(instance_path))
    with app.app_context():
        db.create_all()
    return app


def dispose(app):
    """Close the app's database connections (so files can go and tables be emptied)."""
    from crm_platform.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# -- fixtures ------------------------------------------------------------------------

def pytest_configure(config):
    """Register the markers plugin test suites use."""
    config.addinivalue_line("markers", "browser: drives a real Chromium through Playwright")
    config.addinivalue_line("markers", "app_config(**config): extra config for the `app` fixture")


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


@pytest.fixture
def app(app_config, test_database, tmp_path):
    """A new app on an empty database of its own."""
    from crm_platform.extensions import db

    app = make_app(app_config, test_database.url_for(tmp_path), tmp_path / "instance")
    yield app
    dispose(app)
    test_database.empty(db.metadata)


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
        return bearer_client(app, world[getattr(tenant, "slug", tenant)].tokens[user_key].secret)

    return make


@pytest.fixture
def page_client(app, world):
    """`page_client(tenant, user_key)`: a client signed in as that world user through the form."""

    def make(tenant, user_key):
        tw = world[getattr(tenant, "slug", tenant)]
        client = app.test_client()
        response = sign_in(client, tw.slug, tw.users[user_key].email)
        assert response.status_code == 302, f"sign-in as {tw.slug}/{user_key} failed: {response.status_code}"
        return client

    return make


@pytest.fixture
def tenant_session(app):
    """`with tenant_session(tenant, actor=None) as session:` direct DB work in one tenant's scope."""
    from crm_platform.extensions import db
    from crm_platform.models import Tenant
    from crm_platform.tenancy import tenant_scope

    @contextmanager
    def scope(tenant, actor=None):
        with app.app_context():
            tenant_id = getattr(tenant, "id", tenant)
            if isinstance(tenant_id, str):
                tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == tenant_id))
            with tenant_scope(tenant_id, getattr(actor, "id", actor)):
                yield db.session

    return scope
