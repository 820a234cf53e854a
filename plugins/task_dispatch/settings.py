"""The module's per-workspace settings (the admin page of modules renders and validates them).

The dispatch policy (rules, weights, automatic assignment) is not here: it is
versioned and audited in its own table (policy/).
"""
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, lazy_gettext as _l, plugin_settings

NAME = "task_dispatch"


class DispatchSettingsSchema(BaseSchema):
    """Task numbers, the default capacity of a new profile, how many candidates a task shows."""

    task_prefix = fields.Str(
        load_default="RW", validate=validate.Regexp(r"^[A-Za-z0-9-]{0,10}$"),
        metadata={"label": _l("Task number prefix"),
                  "description": _l("Task numbers are the prefix, the year and a sequence: RW-2026-0001.")})
    default_capacity = fields.Int(
        load_default=5, validate=validate.Range(min=1, max=1000),
        metadata={"label": _l("Capacity of a new profile (points)"),
                  "description": _l("How much effort a person holds at once until their profile says otherwise.")})
    candidates_shown = fields.Int(
        load_default=5, validate=validate.Range(min=1, max=50),
        metadata={"label": _l("Candidates shown per task")})


def settings():
    """The current workspace's settings of this module, defaults filled in."""
    return plugin_settings(NAME)
