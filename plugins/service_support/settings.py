"""The module's per-workspace settings (the admin page of modules renders and validates them)."""
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, lazy_gettext as _l, plugin_settings

from plugins.service_support.dispatch.skills import validate_skills

NAME = "service_support"


class ServiceSettingsSchema(BaseSchema):
    """Ticket numbers, reopening, the return visit after a complaint, surveys and dispatch."""

    ticket_prefix = fields.Str(
        load_default="GD", validate=validate.Regexp(r"^[A-Za-z0-9-]{0,10}$"),
        metadata={"label": _l("Ticket number prefix"),
                  "description": _l("Ticket numbers are the prefix, the year and a sequence: GD-2026-0001.")})
    reopen_days = fields.Int(
        load_default=7, validate=validate.Range(min=0, max=365),
        metadata={"label": _l("Reopening allowed for (days)"),
                  "description": _l("A resolved or closed ticket may be reopened this many days after it was "
                                    "resolved; 0 never.")})
    close_after_days = fields.Int(
        load_default=3, validate=validate.Range(min=1, max=90),
        metadata={"label": _l("Close resolved tickets after (days)"),
                  "description": _l("A resolved ticket nobody reopened is closed this many days later.")})
    follow_up_days = fields.Int(
        load_default=3, validate=validate.Range(min=0, max=90),
        metadata={"label": _l("Return visit after a complaint (days)"),
                  "description": _l("When a complaint is resolved, its owner is given a call-back this many "
                                    "days later.")})
    survey_valid_days = fields.Int(
        load_default=14, validate=validate.Range(min=1, max=90),
        metadata={"label": _l("Survey link valid for (days)")})
    low_score = fields.Int(
        load_default=2, validate=validate.Range(min=1, max=4),
        metadata={"label": _l("Low satisfaction score"),
                  "description": _l("A survey scored this or lower creates a follow-up and notifies the manager.")})
    dispatch_skills = fields.Str(
        load_default="", validate=[validate.Length(max=2000), validate_skills],
        metadata={"label": _l("Skills needed per ticket category"),
                  "description": _l("For task dispatch, per ticket category: category: skill level, skill level; "
                                    "categories separated by semicolons (e.g. fault: repair 3, electrical 2; "
                                    "complaint: communication 2).")})


def settings():
    """The current workspace's settings of this module, defaults filled in."""
    return plugin_settings(NAME)
