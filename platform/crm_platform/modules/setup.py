"""Wiring plugins into an app: load them, register what they contribute, gate their routes."""
from flask import abort, current_app, request
from flask_login import current_user

from crm_platform.i18n import add_translation_directory
from crm_platform.jobs.kinds import register_plugin_kind
from crm_platform.jobs.schedules import register_plugin_schedule
from crm_platform.modules import migrations  # noqa: F401  (registers the Alembic callback)
from crm_platform.modules.registry import PluginRegistry, current_registry
from crm_platform.modules.schema_names import warn_about_schema_clashes
from crm_platform.modules.state import enabled_names
from crm_platform.roles import Role, all_roles, get_role, register_role


def init_app(app):
    """Load every installed plugin (and any in CRM_PLUGINS) and register its contributions.

    Blueprints are registered here, before the first request, for every plugin
    that loaded (Flask refuses later registration); `_gate_plugin_routes` then
    answers 404 for every route that is not the core's and not owned by a plugin
    the tenant has enabled.
    """
    from crm_platform.extensions import api

    registry = PluginRegistry()
    app.extensions["crm_plugins"] = registry
    registry.core_blueprints = frozenset(app.blueprints)
    registry.load_installed(app.config.get("CRM_PLUGINS"))
    owners = {}
    for record in registry.ok_records():
        try:
            _register_contributions(app, registry, record, owners)
        except Exception as exc:  # e.g. a blueprint name that clashes: the plugin is broken, the app is not
            registry.mark_broken(record, exc)
    # Blueprints registered before a plugin broke stay owned by it, so they stay gated (off).
    registry.blueprint_owners = owners
    warn_about_schema_clashes(api.spec)
    # First of all request hooks: a disabled plugin's route is a 404 before CSRF
    # checks or anything else can answer differently from a missing route.
    app.before_request_funcs.setdefault(None, []).insert(0, _gate_plugin_routes)


def _register_contributions(app, registry, record, owners):
    from flask_smorest import Blueprint as ApiBlueprint

    from crm_platform.api import API_PREFIX
    from crm_platform.extensions import api, csrf

    with app.app_context():  # roles are per app: they go into this app's table
        _register_roles(registry, record)
    for blueprint in record.blueprints:
        if isinstance(blueprint, ApiBlueprint):
            api.register_blueprint(blueprint, url_prefix=API_PREFIX)
            csrf.exempt(blueprint)
        else:
            app.register_blueprint(blueprint)
        owners[blueprint.name] = record.name
    add_translation_directory(app, record.translations_dir)
    for command in record.cli_commands:
        app.cli.add_command(command)
    for kind in record.job_kinds:
        register_plugin_kind(app, record.name, kind)
    for schedule in record.schedules:
        register_plugin_schedule(app, record.name, schedule)
    if record.import_kinds:
        from crm_platform.imports.kinds import register_plugin_import_kind  # the import package needs the app's models

        for kind in record.import_kinds:
            register_plugin_import_kind(app, record.name, kind)


def _register_roles(registry, record):
    """Add the plugin's roles and grants; it may not replace a role or hand out the core's permissions."""
    core_permissions = {p for role in all_roles() for p in role.permissions}
    new_roles = [role for roles in registry.hook_for("crm_roles", frozenset({record.name}))() for role in roles or ()]
    for role in new_roles:
        if not isinstance(role, Role):
            raise TypeError("crm_roles must return a list of Role objects")
        if get_role(role.name) is not None:
            raise ValueError(f"role {role.name!r} already exists; a plugin may add roles, not replace them")
    grants = [g for gs in registry.hook_for("crm_permissions", frozenset({record.name}))() for g in (gs or {}).items()]
    taken = sorted({permission for permission, _ in grants} & core_permissions)
    if taken:
        raise ValueError(f"crm_permissions may grant only the plugin's own permissions, not {', '.join(taken)}")
    for role in new_roles:
        register_role(role)
    for permission, role_names in grants:
        for role_name in role_names:
            role = get_role(role_name)
            if role is not None and permission not in role.permissions:
                register_role(Role(role.name, role.label, role.scope, role.permissions | {permission}))


def public_view(view):
    """Mark a plugin's page view as public: no sign-in, no CSRF token (it is posted from other sites).

    The gate lets it through whatever the visitor's workspace, so the view itself
    must find its workspace (from an unguessable token in its URL, say), enter it
    with `tenant_scope`, and answer 404 where the plugin is not enabled.
    """
    from crm_platform.extensions import csrf

    view.crm_public = True
    return csrf.exempt(view)


def _gate_plugin_routes():
    """A route that is not the core's answers 404 unless its plugin is enabled for the user's tenant."""
    if request.blueprint is None:
        return None
    registry = current_registry()
    top = request.blueprint.split(".")[0]  # nested blueprints are "parent.child"
    if top in registry.core_blueprints:
        return None
    owner = registry.blueprint_owners.get(top)
    record = registry.records.get(owner)
    if record is None or not record.ok:
        abort(404)
    if getattr(current_app.view_functions.get(request.endpoint), "crm_public", False):
        return None  # a public page (public_view) finds its workspace and checks the module itself
    if not current_user.is_authenticated:
        abort(401)  # plugin routes are for signed-in users of a tenant; pages redirect to sign-in
    if owner not in enabled_names():
        abort(404)
    return None
