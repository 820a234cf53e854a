"""Wiring plugins into an app: load them, register what they contribute, gate their routes."""
from flask import abort, request
from flask_login import current_user

from crm_platform.modules import migrations  # noqa: F401  (registers the Alembic callback)
from crm_platform.modules.registry import PluginRegistry, current_registry
from crm_platform.modules.state import enabled_names
from crm_platform.roles import Role, get_role, register_role


def init_app(app):
    """Load every installed plugin (and any in CRM_PLUGINS) and register its contributions.

    Blueprints are registered here, before the first request, for every plugin
    that loaded (Flask refuses later registration); requests to a plugin the
    tenant has not enabled are answered 404 by `_gate_plugin_routes`.
    """
    registry = PluginRegistry()
    app.extensions["crm_plugins"] = registry
    registry.load_installed()
    for name, plugin in (app.config.get("CRM_PLUGINS") or {}).items():
        registry.add(name, plugin)
    for record in registry.ok_records():
        try:
            _register_contributions(app, registry, record)
        except Exception as exc:  # e.g. a blueprint name that clashes: the plugin is broken, the app is not
            registry.mark_broken(record, exc)
    registry.index_blueprints()
    app.before_request(_gate_plugin_routes)


def _register_contributions(app, registry, record):
    from flask_smorest import Blueprint as ApiBlueprint

    from crm_platform.api import API_PREFIX
    from crm_platform.extensions import api, csrf

    with app.app_context():  # roles are per app: they go into this app's table
        for roles in registry.hook_for("crm_roles", frozenset({record.name}))():
            for role in roles or ():
                register_role(role)
        for grants in registry.hook_for("crm_permissions", frozenset({record.name}))():
            for permission, role_names in (grants or {}).items():
                for role_name in role_names:
                    role = get_role(role_name)
                    if role is not None and permission not in role.permissions:
                        register_role(Role(role.name, role.label, role.scope, role.permissions | {permission}))
    for blueprint in record.blueprints:
        if isinstance(blueprint, ApiBlueprint):
            api.register_blueprint(blueprint, url_prefix=API_PREFIX)
            csrf.exempt(blueprint)
        else:
            app.register_blueprint(blueprint)
    for command in record.cli_commands:
        app.cli.add_command(command)


def _gate_plugin_routes():
    """A plugin's pages and API answer 404 for a tenant that has not enabled it."""
    owner = current_registry().blueprint_owners.get(request.blueprint)
    if owner is None or not current_user.is_authenticated:
        return None
    if owner not in enabled_names():
        abort(404)
    return None
