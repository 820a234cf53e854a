"""Plugin migration branches: each plugin's versions folder joins Alembic's search path.

A plugin keeps its migrations in its own branch (branch label = plugin name), so
`crm db upgrade` (which upgrades every head) applies the core's and every
installed plugin's migrations, in dependency order.

Every plugin whose versions folder is known joins the path, broken ones too: a
plugin that broke after its migrations were applied leaves its revisions in
`alembic_version`, and Alembic fails on any revision it cannot locate
("Can't locate revision ..."), for every branch. A plugin that is uninstalled
takes its folder with it, so its branch must be downgraded first
(`crm db downgrade <plugin>@base`, see docs/plugins.md); `crm plugins` warns about
revisions in the database that no known versions folder provides.
"""
import os

from flask import current_app

from crm_platform.extensions import migrate


def plugin_version_folders(registry):
    """The versions folders of every plugin that declared one, loaded or broken, by plugin name."""
    if registry is None:
        return []
    records = sorted(registry.records.values(), key=lambda r: r.name)
    return [str(r.migrations_dir) for r in records if r.migrations_dir]


@migrate.configure
def add_plugin_branches(config):
    """Flask-Migrate callback: put every known plugin versions folder on `version_locations`."""
    folders = plugin_version_folders(current_app.extensions.get("crm_plugins"))
    core = os.path.join(config.get_main_option("script_location"), "versions")
    config.set_main_option("version_locations", os.pathsep.join([core, *folders]))
    return config


def unknown_revisions():
    """Revisions in the database's alembic_version that no known versions folder provides, or None without one.

    Such a revision is what makes `crm db upgrade` fail with "Can't locate revision":
    usually a plugin uninstalled before its branch was downgraded.
    """
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import SQLAlchemyError

    from crm_platform.extensions import db

    config = current_app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(config)
    try:
        with db.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return []
            stored = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return None
    unknown = []
    for rev in stored:
        try:
            script.get_revision(rev)
        except CommandError:
            unknown.append(rev)
    return sorted(unknown)
