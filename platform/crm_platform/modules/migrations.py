"""Plugin migration branches: each plugin's versions folder joins Alembic's search path.

A plugin keeps its migrations in its own branch (branch label = plugin name), so
`crm db upgrade` (which upgrades every head) applies the core's and every
installed plugin's migrations, in dependency order.
"""
import os

from flask import current_app

from crm_platform.extensions import migrate


@migrate.configure
def add_plugin_branches(config):
    """Flask-Migrate callback: put every loaded plugin's versions folder on `version_locations`."""
    registry = current_app.extensions.get("crm_plugins")
    folders = [r.migrations_dir for r in registry.ok_records() if r.migrations_dir] if registry else []
    core = os.path.join(config.get_main_option("script_location"), "versions")
    config.set_main_option("version_locations", os.pathsep.join([core, *map(str, folders)]))
    return config
