"""Every hook a CRM plugin can implement. Each is documented in docs/plugins.md.

Start-up hooks are called once for every installed plugin when the app is
created. Tenant hooks are called only for the plugins the current tenant has
enabled (see crm_platform.modules.state.tenant_hook).
"""
import pluggy

PROJECT = "crm_platform"
hookspec = pluggy.HookspecMarker(PROJECT)


# -- start-up: called once per installed plugin -------------------------------

@hookspec(firstresult=True)
def crm_plugin_info():
    """Describe the plugin: a PluginInfo with label, description and required plugins."""


@hookspec
def crm_blueprints():
    """Return Flask blueprints (pages) and flask-smorest blueprints (API, under /api/v1)."""


@hookspec
def crm_roles():
    """Return Role objects the plugin adds (scope and permissions)."""


@hookspec
def crm_permissions():
    """Return {permission: [role names]} to grant the plugin's permissions to existing roles."""


@hookspec(firstresult=True)
def crm_settings_schema():
    """Return the marshmallow Schema class of the plugin's per-tenant settings."""


@hookspec(firstresult=True)
def crm_migrations_dir():
    """Return the path of the plugin's Alembic versions folder (its own branch)."""


@hookspec(firstresult=True)
def crm_translations_dir():
    """Return the path of the plugin's gettext translations folder (<locale>/LC_MESSAGES/messages.po)."""


@hookspec
def crm_demo_data(seed, chinese, echo):
    """Fill the demo workspace (in scope, the plugin enabled for it) with realistic data of the plugin's own."""


@hookspec
def crm_cli_commands():
    """Return click commands to add to the `crm` command."""


@hookspec
def crm_job_kinds():
    """Return JobKind objects: background jobs the plugin runs, only for workspaces that enabled it."""


@hookspec
def crm_import_kinds():
    """Return ImportKind objects: records the core's import flow takes from CSV and .xlsx, for workspaces that enabled the plugin."""


@hookspec
def crm_schedules():
    """Return Schedule objects: the plugin's job kinds run daily or every N seconds in each enabling workspace."""


@hookspec
def crm_hookspecs():
    """Return a class or module of the plugin's own hookspecs (named `<plugin>_...`) for other plugins to implement."""


# -- tenant hooks: called only for plugins the current tenant enabled -----------

@hookspec
def crm_menu_items(user):
    """Return MenuItem entries for the main menu as seen by `user`."""


@hookspec
def crm_customer_panels(customer, user):
    """Return Panel objects to show on `customer`'s page for `user`."""


@hookspec
def crm_today_sections(user, today):
    """Return TodaySection objects: the plugin's work for `user` on the Today page (`today` is the workspace's date)."""


@hookspec
def crm_dashboard_widgets(user):
    """Return DashboardWidget objects `user` may put on their home dashboard (rendered only when shown)."""


@hookspec
def crm_customer_filters(user):
    """Return CustomerFilter objects: the plugin's filters of the core customer list (its API, exports, bulk actions)."""


@hookspec
def crm_customer_created(customer):
    """React to a new customer (called after the creation is committed)."""


@hookspec
def crm_customer_updated(customer, changes):
    """React to changed customer fields; `changes` is {field: [old, new]}."""


@hookspec
def crm_customer_deleted(customer_id, snapshot):
    """React to a deleted customer; `snapshot` holds its last field values."""


@hookspec
def crm_customer_owner_changed(customer, old_owner_id, new_owner_id):
    """React to a customer given to another owner."""


@hookspec
def crm_customers_merged(kept, merged_id):
    """Move the plugin's records of customer `merged_id` to `kept`, inside the merge's transaction (before the delete)."""


@hookspec
def crm_customer_delete_blockers(customer):
    """Return texts saying why `customer` may not be deleted (records the plugin must keep); an empty list allows it."""


@hookspec
def crm_customer_stored_files(customer_ids):
    """Return SELECTs of the stored names (store_upload) of the plugin's rows deleted with these customers by cascade."""


@hookspec
def crm_user_created(user):
    """React to a new user of the workspace."""


@hookspec
def crm_custom_field_entities():
    """Return CustomFieldEntity objects: the plugin's records that admins may add custom fields to."""
