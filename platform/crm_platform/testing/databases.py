"""Where each test's database lives, and apps built on it."""
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


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
