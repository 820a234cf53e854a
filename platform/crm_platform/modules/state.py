"""Which plugins the current tenant has enabled, and turning them on and off.

Enabled names are read once per request (or job) and hook callers are cached per
enabled set, so a tenant's hooks reach exactly its plugins.
"""
from flask import g
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import Conflict, NotFound

from crm_platform.extensions import db
from crm_platform.models import TenantModule
from crm_platform.modules.registry import current_registry
from crm_platform.tenancy import current_tenant_id


def enabled_names():
    """A frozenset of the plugin names the current tenant has enabled (and that loaded)."""
    tenant_id = current_tenant_id()
    if tenant_id is None:
        return frozenset()
    cache = g.setdefault("crm_enabled_modules", {})
    if tenant_id not in cache:
        names = db.session.scalars(select(TenantModule.name).where(TenantModule.enabled.is_(True))).all()
        loaded = {r.name for r in current_registry().ok_records()}
        cache[tenant_id] = frozenset(n for n in names if n in loaded)
    return cache[tenant_id]


def is_enabled(name):
    """True when plugin `name` is enabled for the current tenant."""
    return name in enabled_names()


def tenant_hook(hook):
    """The hook caller for `hook` that reaches only the current tenant's plugins."""
    return current_registry().hook_for(hook, enabled_names())


def module_row(name):
    """The current tenant's TenantModule row for `name`, or None."""
    return db.session.scalar(select(TenantModule).where(TenantModule.name == name))


def plugin_settings(name):
    """The current tenant's settings for plugin `name`, with the schema's defaults filled in."""
    record = current_registry().records.get(name)
    row = module_row(name)
    stored = dict(row.settings) if row else {}
    if record is None or record.settings_schema is None:
        return stored
    return record.settings_schema().load(stored)


def _forget_cache():
    g.pop("crm_enabled_modules", None)


def set_module(name, enabled, settings=None):
    """Enable or disable plugin `name` for the current tenant, validating its settings.

    Refused (409) when the plugin is broken, when a plugin it requires is off,
    or when disabling it would strand an enabled plugin that requires it.
    """
    registry = current_registry()
    record = registry.records.get(name)
    if record is None:
        raise NotFound(_("No plugin called %(name)s is installed.", name=name))
    row = module_row(name) or TenantModule(name=name, enabled=False, settings={})
    if settings is not None or (enabled and record.settings_schema is not None):
        schema = record.settings_schema() if record.settings_schema else None
        raw = settings if settings is not None else dict(row.settings or {})
        if schema is None and raw:
            raise ValidationError({"settings": [_("This plugin has no settings.")]})
        row.settings = schema.dump(schema.load(raw)) if schema else {}
    enabled_now = enabled_names()
    if enabled:
        if not record.ok:
            raise Conflict(_("%(name)s is broken and cannot be enabled: %(error)s", name=name, error=record.error))
        missing = [dep for dep in record.requires if dep not in enabled_now]
        if missing:
            raise Conflict(_("Enable %(deps)s first: %(name)s depends on it.", deps=", ".join(missing), name=name))
    else:
        dependents = [r.name for r in registry.ok_records() if name in r.requires and r.name in enabled_now]
        if dependents:
            raise Conflict(_("Disable %(deps)s first: it depends on %(name)s.", deps=", ".join(dependents), name=name))
    row.enabled = enabled
    db.session.add(row)
    db.session.commit()
    _forget_cache()
    return row

