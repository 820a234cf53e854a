"""Marshmallow schemas of care reminders."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_platform.schemas import QuerySchema, page_schema

STATUSES = ("open", "done", "all")


class ReminderCustomerSchema(Schema):
    """The customer a reminder is about."""

    id = fields.Int()
    name = fields.Str()
    kind = fields.Str()


class ReminderSchema(Schema):
    """A care reminder: whose birthday or founding date, when, and whether it is done."""

    id = fields.Int()
    customer_id = fields.Int()
    customer = fields.Nested(ReminderCustomerSchema)
    kind = fields.Str(metadata={"description": "birthday (person customers), founding (company customers), or pool "
                                               "(the customer goes to the pool on due_date: docs/pool.md)"})
    due_date = fields.Date(metadata={"description": "this year's occurrence of the customer's care date"})
    user_id = fields.Int(metadata={"description": "who is reminded: the customer's owner"})
    created_at = fields.DateTime()
    done_at = fields.DateTime(allow_none=True, metadata={"description": "null while open"})
    done_by = fields.Int(allow_none=True)


class ReminderQuerySchema(QuerySchema):
    """Filters of the caller's reminders."""

    status = fields.Str(load_default="open", validate=validate.OneOf(STATUSES),
                        metadata={"description": "open (the default), done or all"})
    due_from = fields.Date(metadata={"description": "due on or after this date (ISO)"})
    due_to = fields.Date(metadata={"description": "due on or before this date (ISO)"})
    scope = fields.Str(load_default="mine", validate=validate.OneOf(("mine", "team")), metadata={
        "description": "mine (the default): the caller's own; team: everyone's in the caller's remit"})
    user_id = fields.Int(metadata={"description": "with scope=team: only this user's"})
    org_unit_id = fields.Int(metadata={"description": "with scope=team: only users in this unit or below"})

    @validates_schema
    def _range_in_order(self, data, **kwargs):
        if data.get("due_from") and data.get("due_to") and data["due_from"] > data["due_to"]:
            raise ValidationError(_l("This date is before due_from."), "due_to")


ReminderPageSchema = page_schema(ReminderSchema, "ReminderPage")
