"""Alembic environment for `crm db …` (Flask-Migrate): the app's engine and metadata.

Run through the app, never standalone: the URL comes from CRM_DATABASE_URL (or
the instance folder's SQLite) via the app config.
"""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from crm_platform.models.base import UTCDateTime

config = context.config

# Only when nobody configured logging yet (a bare `alembic` run): the app and
# pytest set up their own handlers, and fileConfig would otherwise silence
# every logger created before it.
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
log = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def _engine():
    return target_db.engine


def render_item(type_, obj, autogen_context):
    """Write our column types as plain SQLAlchemy types, so migrations never import app code.

    UTCDateTime only converts values in Python; the column itself is an ordinary
    timezone-aware DateTime.
    """
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _skip_empty_autogenerate(context_, revision, directives):
    """`crm db migrate` with no model change writes no empty revision."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        log.info("No changes in schema detected.")


def configure_args():
    """Options shared by upgrades, autogenerate and the drift test."""
    args = dict(current_app.extensions["migrate"].configure_args)
    args.setdefault("render_item", render_item)
    args.setdefault("compare_type", True)
    return args


def run_migrations_offline():
    """`crm db upgrade --sql`: print the SQL instead of running it."""
    context.configure(url=_engine().url, target_metadata=target_db.metadata, literal_binds=True,
                      **configure_args())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run the migrations on a connection from the app's engine."""
    args = configure_args()
    args.setdefault("process_revision_directives", _skip_empty_autogenerate)
    with _engine().connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations rebuild a SQLite table (copy, drop, rename); with foreign keys
            # enforced, dropping the old customers table would cascade-delete every contact and
            # activity. SQLite ignores this pragma inside a transaction, so it is set before one.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            context.configure(connection=connection, target_metadata=target_db.metadata, **args)
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")  # the pool hands this connection on
                connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
