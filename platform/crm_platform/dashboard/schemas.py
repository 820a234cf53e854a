"""Marshmallow schemas of the dashboard API: the widgets available to the caller and their layout."""
from marshmallow import Schema, fields, validate

from crm_platform.schemas import BaseSchema

MAX_WIDGETS = 100


class DashboardWidgetSchema(Schema):
    """A widget the caller may put on their dashboard, and where it is now."""

    key = fields.Str(metadata={"description": "stable key, prefixed with its module (core.reminders, "
                                              "service.tickets, ...)"})
    title = fields.Str()
    description = fields.Str()
    default = fields.Bool(metadata={"description": "shown to users who have not chosen their own layout"})
    shown = fields.Bool(metadata={"description": "on the caller's dashboard now"})
    position = fields.Int(allow_none=True, metadata={"description": "1 = top of the dashboard; null when hidden"})


class DashboardSchema(Schema):
    """Every widget available to the caller: the shown ones top to bottom, then the hidden ones."""

    widgets = fields.List(fields.Nested(DashboardWidgetSchema))
    customized = fields.Bool(metadata={"description": "false while the caller keeps the default layout"})


class DashboardLayoutSchema(BaseSchema):
    """The widgets to show, top to bottom; the others are hidden."""

    widgets = fields.List(fields.Str(validate=validate.Length(min=1, max=100)), required=True,
                          validate=validate.Length(max=MAX_WIDGETS),
                          metadata={"description": "keys from GET /dashboard, in the order to show them; "
                                                   "a key not available to the caller is a 422"})
