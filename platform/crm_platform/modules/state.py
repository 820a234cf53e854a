"""Which plugins the current tenant has enabled, and turning them on and off.

Enabled names are read once per request (or job) and hook callers are cached per
enabled set, so a tenant's hooks reach exactly its plugins.

Every query here names the tenant explicitly (`TenantModule.tenant_id ==
current_tenant_id()`) instead of relying on the session's automatic scoping:
operator commands run plugin code under `tenant_scope(t)` *and* `unscoped(...)`,
where automatic scoping is off and an unfiltered query would return every
tenant's modules and settings. For the same reason nothing is cached in `g`
while scoping is off, and the cache is keyed by tenant id.
"""
import logging

from flask import g
from flask_babel import gettext as _
from marshmallow import ValidationError, missing
from sqlalchemy import select
from werkzeug.exceptions import Conflict, NotFound

from crm_platform import tenancy
from crm_platform.extensions import db
from crm_platform.models import TenantModule
from crm_platform.modules.registry import current_registry
from crm_platform.tenancy import current_tenant_id

log = logging.getLogger("crm.plugins")

# (tenant id, plugin, problem) already logged, so stale settings warn once per process, not per request.
_warned = set()


def _rows():
    """A select of the current tenant's TenantModule rows, filtered explicitly (see the module docstring)."""
    return select(TenantModule).where(TenantModule.tenant_id == current_tenant_id())


def enabled_names():
    """A frozenset of the plugin names the current tenant has enabled (and that loaded)."""
    tenant_id = current_tenant_id()
    if tenant_id is None:
        return frozenset()
    cacheable = not tenancy.is_unscoped()
    cache = g.setdefault("crm_enabled_modules", {}) if cacheable else {}
    if tenant_id not in cache:
        names = db.session.scalars(select(TenantModule.name).where(
            TenantModule.tenant_id == tenant_id, TenantModule.enabled.is_(True))).all()
        loaded = {r.name for r in current_registry().ok_records()}
        cache[tenant_id] = frozenset(n for n in names if n in loaded)
    return cache[tenant_id]


def remember_enabled_names(tenant_id, names):
    """Take `names` as the tenant's enabled plugins for this request (read with the principal, auth/sessions.py)."""
    if tenant_id is not None and not tenancy.is_unscoped():
        loaded = {r.name for r in current_registry().ok_records()}
        g.setdefault("crm_enabled_modules", {})[tenant_id] = frozenset(n for n in names if n in loaded)


def is_enabled(name):
    """True when plugin `name` is enabled for the current tenant."""
    return name in enabled_names()


def tenant_hook(hook):
    """The hook caller for `hook` that reaches only the current tenant's plugins."""
    return current_registry().hook_for(hook, enabled_names())


def installed_hook(hook):
    """The hook caller for `hook` that reaches every sound installed plugin, enabled for this tenant or not.

    For what must hold whether or not a module is on: its records follow a merge,
    and its records can stop a deletion (a disabled module's data stays in place).
    """
    registry = current_registry()
    return registry.hook_for(hook, frozenset(record.name for record in registry.ok_records()))


def module_row(name):
    """The current tenant's TenantModule row for `name`, or None (always None with no tenant in scope)."""
    if current_tenant_id() is None:
        return None
    return db.session.scalar(_rows().where(TenantModule.name == name))


def module_rows():
    """The current tenant's TenantModule rows by plugin name."""
    if current_tenant_id() is None:
        return {}
    return {row.name: row for row in db.session.scalars(_rows())}


def schema_defaults(schema):
    """What a settings schema gives when nothing is stored: its `load_default`s (fields without one left out)."""
    try:
        return schema.load({})
    except ValidationError:  # a required field without a default: take the defaults there are
        defaults = {}
        for name, field in schema.load_fields.items():
            if field.load_default is not missing:
                value = field.load_default
                defaults[field.attribute or name] = value() if callable(value) else value
        return defaults


def stored_settings_problem(record, row):
    """The validation messages of `row`'s stored settings for plugin `record`, or None when they are fine.

    Only settings that matter count: a module never configured and off is not a problem.
    """
    if record is None or record.settings_schema is None or row is None:
        return None
    stored = dict(row.settings or {})
    if not stored and not row.enabled:
        return None
    try:
        record.settings_schema().load(stored)
    except ValidationError as err:
        return err.messages
    return None


def settings_problem(name):
    """Why the current tenant's stored settings of plugin `name` no longer validate (messages), or None.

    This happens when a plugin upgrade changes its schema; `plugin_settings` then
    falls back to the defaults, and the admin page shows this until the settings are saved again.
    """
    return stored_settings_problem(current_registry().records.get(name), module_row(name))


def plugin_settings(name):
    """The current tenant's settings for plugin `name`, with the schema's defaults filled in.

    Stored settings that no longer validate (the plugin was upgraded since they were
    saved) give the schema's defaults instead, with a warning in the log, rather than
    taking the plugin's pages and panels down; `settings_problem(name)` says what is wrong.
    """
    record = current_registry().records.get(name)
    row = module_row(name)
    stored = dict(row.settings) if row else {}
    if record is None or record.settings_schema is None:
        return stored
    schema = record.settings_schema()
    try:
        return schema.load(stored)
    except ValidationError as err:
        key = (current_tenant_id(), name, repr(err.messages))
        if key not in _warned:
            _warned.add(key)
            log.warning("plugin %s: the settings stored for tenant %s no longer validate (%s); using the defaults "
                        "until an admin saves them again", name, current_tenant_id(), err.messages)
        return schema_defaults(schema)


def save_plugin_settings(name, values):
    """Validate and store the current tenant's settings of plugin `name`, leaving it on or off as it is; committed.

    The same rules and audit entry as the Modules page and API (`set_module`):
    marshmallow's ValidationError for values the plugin's schema refuses (fields
    left out take their defaults), werkzeug's Conflict for a broken plugin,
    NotFound for one not installed. Nothing is written when it refuses.
    Returns the settings as stored.
    """
    try:
        return dict(set_module(name, is_enabled(name), dict(values)).settings)
    except Exception:
        db.session.rollback()
        raise


def _forget_cache():
    g.pop("crm_enabled_modules", None)


def set_module(name, enabled, settings=None):
    """Enable or disable plugin `name` for the current tenant, validating its settings.

    Refused (409) when the plugin is broken, when a plugin it requires is off,
    or when disabling it would strand an enabled plugin that requires it. These
    are checked before the settings, so a refused change is a 409 whatever settings
    came with it; only then are bad settings a ValidationError (422).
    """
    registry = current_registry()
    record = registry.records.get(name)
    if record is None:
        raise NotFound(_("No plugin called %(name)s is installed.", name=name))
    enabled_now = enabled_names()
    if not record.ok and enabled:
        raise Conflict(_("%(name)s is broken and cannot be enabled: %(error)s", name=name, error=record.error))
    if not record.ok and settings is not None:
        raise Conflict(_("%(name)s is broken; its settings cannot be changed: %(error)s", name=name,
                         error=record.error))
    if enabled:
        missing_deps = [dep for dep in record.requires if dep not in enabled_now]
        if missing_deps:
            raise Conflict(_("Enable %(deps)s first: %(name)s depends on it.", deps=", ".join(missing_deps),
                             name=name))
    else:
        dependents = [r.name for r in registry.ok_records() if name in r.requires and r.name in enabled_now]
        if dependents:
            raise Conflict(_("Disable %(deps)s first: it depends on %(name)s.", deps=", ".join(dependents), name=name))
    row = module_row(name) or TenantModule(tenant_id=current_tenant_id(), name=name, enabled=False, settings={})
    if settings is not None or (enabled and record.settings_schema is not None):
        schema = record.settings_schema() if record.settings_schema else None
        raw = settings if settings is not None else dict(row.settings or {})
        if schema is None and raw:
            raise ValidationError({"settings": [_("This plugin has no settings.")]})
        row.settings = schema.dump(schema.load(raw)) if schema else {}
    row.enabled = enabled
    db.session.add(row)
    db.session.commit()
    _forget_cache()
    return row
