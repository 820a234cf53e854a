"""Database connection settings: SQLite's pragmas, and PostgreSQL's prepared statements kept between requests."""
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from crm_platform import read_transactions


def configure(app):
    """Before the engine is made: psycopg's prepared statements off when CRM_DATABASE_PREPARED_STATEMENTS says so."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_driver_name() == "psycopg" and not app.config["CRM_DATABASE_PREPARED_STATEMENTS"]:
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {**options.get("connect_args", {}), "prepare_threshold": None}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def init_app(app):
    """Turn on SQLite's foreign keys, WAL and busy timeout for every connection; on psycopg, end reads with COMMIT."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and not event.contains(
        Engine, "connect", _sqlite_pragmas
    ):
        event.listen(Engine, "connect", _sqlite_pragmas)
    from crm_platform.extensions import db

    with app.app_context():
        engine = db.engine
    if engine.dialect.driver == "psycopg" and app.config["CRM_DATABASE_PREPARED_STATEMENTS"]:
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
