"""Where each test's database lives, and apps built on it.

On PostgreSQL the apps connect as `crm_test`, a role without SUPERUSER or BYPASSRLS
that owns the tables, so row-level security binds every test (FORCE makes it bind
the owner); the escape hatch switches to `crm_bypass` (NOLOGIN BYPASSRLS), the
default CRM_DATABASE_BYPASS_ROLE. The URL in CRM_TEST_DATABASE_URL (a superuser)
only creates the roles and the session's database.
"""
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from crm_platform.rls.policies import protect_every_tenant_table


APP_ROLE = "crm_test"
BYPASS_ROLE = "crm_bypass"


def _create_once(sql):
    # Several test sessions may share a server and race to create the same role.
    return f"DO $$ BEGIN {sql}; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"


_ROLES = [
    _create_once(f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_ROLE}' NOSUPERUSER NOBYPASSRLS"),
    _create_once(f"CREATE ROLE {BYPASS_ROLE} NOLOGIN NOSUPERUSER BYPASSRLS"),
    f"DO $$ BEGIN IF NOT pg_has_role('{APP_ROLE}', '{BYPASS_ROLE}', 'MEMBER') THEN GRANT {BYPASS_ROLE} TO {APP_ROLE}; "
    "END IF; EXCEPTION WHEN unique_violation THEN NULL; END $$",
]
# What the app's role creates, the hatch's role may read and write (README.md, "Database roles").
_DEFAULT_PRIVILEGES = [
    f"ALTER DEFAULT PRIVILEGES FOR ROLE {APP_ROLE} GRANT ALL ON TABLES TO {BYPASS_ROLE}",
    f"ALTER DEFAULT PRIVILEGES FOR ROLE {APP_ROLE} GRANT ALL ON SEQUENCES TO {BYPASS_ROLE}",
]


class TestDatabase:
    """Where each test's database lives: SQLite files, or one PostgreSQL database."""

    __test__ = False

    def __init__(self, base_url):
        self.url = self.admin_url = None
        self._admin = self._engine = None
        if base_url:
            base = make_url(base_url)
            self._admin = create_engine(base, isolation_level="AUTOCOMMIT")
            self._name = f"crm_test_{uuid.uuid4().hex[:12]}"
            with self._admin.connect() as conn:
                for sql in _ROLES:
                    conn.execute(text(sql))
                conn.execute(text(f'CREATE DATABASE "{self._name}" OWNER {APP_ROLE}'))
            self.admin_url = base.set(database=self._name)
            with create_engine(self.admin_url, isolation_level="AUTOCOMMIT").connect() as conn:
                for sql in _DEFAULT_PRIVILEGES:
                    conn.execute(text(sql))
            self.url = base.set(database=self._name, username=APP_ROLE, password=APP_ROLE).render_as_string(
                hide_password=False)

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
        if db.engine.dialect.name == "postgresql":
            # create_all skips the migrations, which write the policies: the same ones, here.
            with db.engine.begin() as conn:
                protect_every_tenant_table(conn)
    return app


def dispose(app):
    """Close the app's database connections (so files can go and tables be emptied)."""
    from crm_platform.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()
