"""Marshmallow schemas of the modules API, and what it and the admin page show of each plugin.

A plugin's settings schema is described field by field (`settings_fields`), so
that API clients and the admin page can build a form without knowing the plugin.
The settings themselves (which may hold secrets such as API keys) are shown only
to users with `modules.manage`; everyone else gets `settings: null`.
"""
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, missing, validate
from werkzeug.exceptions import NotFound

from crm_platform.modules.registry import current_registry
from crm_platform.modules.state import module_rows, stored_settings_problem
from crm_platform.schemas import BaseSchema, page_schema

# Most specific first: Email is a String, Integer and Float are Numbers.
FIELD_TYPES = (
    (fields.Email, "email"), (fields.Url, "url"), (fields.String, "string"), (fields.Boolean, "boolean"),
    (fields.Integer, "integer"), (fields.Number, "number"), (fields.DateTime, "datetime"),
    (fields.Date, "date"), (fields.List, "list"), (fields.Dict, "object"), (fields.Nested, "object"),
)


class SettingsFieldSchema(Schema):
    """One field of a plugin's settings: enough to build a form input for it."""

    name = fields.Str(metadata={"description": "the key in `settings`"})
    label = fields.Str(metadata={"description": "the plugin's label for the field, or its name"})
    description = fields.Str(allow_none=True)
    type = fields.Str(metadata={"description": "string, email, url, integer, number, boolean, date, datetime, list, "
                                               "object"})
    required = fields.Bool()
    default = fields.Raw(allow_none=True, metadata={"description": "used when the field is left out"})
    choices = fields.List(fields.Raw(), allow_none=True, metadata={"description": "the allowed values, if limited"})
    choice_labels = fields.List(fields.Str(), allow_none=True,
                                metadata={"description": "what each choice is called, in the caller's language"})
    multiline = fields.Bool(metadata={"description": "a text of several lines (a form shows a text area)"})


class ModuleSchema(Schema):
    """An installed plugin and its state in the caller's workspace."""

    name = fields.Str()
    label = fields.Str()
    description = fields.Str()
    version = fields.Str()
    status = fields.Str(metadata={"description": "ok, or broken (see `error`); broken plugins cannot be enabled"})
    error = fields.Str(allow_none=True)
    requires = fields.List(fields.Str(), metadata={"description": "plugins that must be enabled first"})
    enabled = fields.Bool()
    settings = fields.Dict(keys=fields.Str(), values=fields.Raw(), allow_none=True,
                           metadata={"description": "the workspace's settings; null unless the caller has "
                                                    "modules.manage (they may hold secrets)"})
    settings_problem = fields.Raw(allow_none=True, metadata={
        "description": "why the stored settings no longer validate (the plugin's defaults are used meanwhile), "
                       "per field; null when they are fine, and for callers without modules.manage"})
    settings_fields = fields.List(fields.Nested(SettingsFieldSchema))


class ModuleUpdateSchema(BaseSchema):
    """Turn a plugin on or off for the workspace, optionally with new settings."""

    enabled = fields.Bool(required=True)
    settings = fields.Dict(keys=fields.Str(), metadata={"description": "validated against the plugin's schema"})


ModulePageSchema = page_schema(ModuleSchema, "ModulePage")


def _field_type(field):
    for cls, name in FIELD_TYPES:
        if isinstance(field, cls):
            return name
    return type(field).__name__.lower()


def _plain(value):
    """A default as JSON can carry it."""
    if value is missing or value is None:
        return None
    if callable(value):
        value = value()
    return value if isinstance(value, (str, int, float, bool, list, dict)) else str(value)


def _one_of(field):
    return next((v for v in field.validators if isinstance(v, validate.OneOf)), None)


def _choices(field):
    validator = _one_of(field)
    return list(validator.choices) if validator else None


def _choice_labels(field):
    """What people read for each choice: OneOf(choices, labels=[...]) when the plugin gave labels, else the values."""
    validator = _one_of(field)
    if validator is None:
        return None
    labels = list(validator.labels) if len(validator.labels) == len(validator.choices) else validator.choices
    return [str(label) for label in labels]


def settings_fields(schema_cls):
    """The fields a settings schema accepts, in declaration order, as plain dicts."""
    if schema_cls is None:
        return []
    described = []
    for name, field in schema_cls().load_fields.items():
        label = field.metadata.get("label") or field.metadata.get("title")
        described.append({
            "name": field.data_key or name,
            "label": str(label) if label else name.replace("_", " ").capitalize(),
            "description": str(field.metadata["description"]) if field.metadata.get("description") else None,
            "type": _field_type(field),
            "required": field.required,
            "default": _plain(field.load_default),
            "choices": _choices(field),
            "choice_labels": _choice_labels(field),
            "multiline": bool(field.metadata.get("multiline")),
        })
    return described


def current_settings(record, stored):
    """A plugin's settings as stored for the tenant, with the schema's defaults filled in where valid."""
    if record.settings_schema is None:
        return dict(stored)
    schema = record.settings_schema()
    try:
        return schema.dump(schema.load(stored))
    except ValidationError:  # not configured yet (a required field is missing): show what there is
        return dict(stored)


def describe_module(record, row, with_settings=True):
    """What the API and the admin page show of one plugin, given the tenant's TenantModule row (or None).

    `with_settings` False (callers without modules.manage) leaves the settings and their problem out (None).
    """
    info = record.info
    settings = problem = None
    if with_settings:
        settings = current_settings(record, (row.settings if row else None) or {})
        problem = stored_settings_problem(record, row)
    return {
        "name": record.name,
        "label": str(record.label),
        "description": str(getattr(info, "description", "") or ""),
        "version": record.version or "",
        "status": record.status,
        "error": record.error,
        "requires": list(record.requires),
        "enabled": bool(row and row.enabled and record.ok),
        "settings": settings,
        "settings_problem": problem,
        "settings_fields": settings_fields(record.settings_schema),
    }


def installed_record(name):
    """The registry's record of plugin `name`, broken or not; 404 when no such plugin is installed."""
    record = current_registry().records.get(name)
    if record is None:
        raise NotFound(_("No plugin called %(name)s is installed.", name=name))
    return record


def installed_modules(with_settings=True):
    """Every installed plugin, ok and broken, by name, as `describe_module` shows it for the current tenant."""
    rows = module_rows()
    records = sorted(current_registry().records.values(), key=lambda r: r.name)
    return [describe_module(record, rows.get(record.name), with_settings) for record in records]
