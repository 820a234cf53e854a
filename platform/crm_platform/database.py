"""Database connection settings: SQLite's pragmas, and PostgreSQL's prepared statements kept between requests."""
from sqlalchemy import event
from sqlalchemy.engine import Engine

from crm_platform import read_transactions


def init_app(app):
    """Turn on SQLite's foreign keys, WAL and busy timeout for every connection; on psycopg, end reads with COMMIT."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and not event.contains(
        Engine, "connect", _sqlite_pragmas
    ):
        event.listen(Engine, "connect", _sqlite_pragmas)
    from crm_platform.extensions import db

    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg":
        read_transactions.install(engine)


def _sqlite_pragmas(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    # Composite foreign keys are what stop cross-tenant references; SQLite
    # ignores them unless asked. WAL and a busy timeout let readers and one
    # writer share the file without "database is locked" errors.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
