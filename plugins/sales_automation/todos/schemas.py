"""Marshmallow schemas of the to-dos: a to-do in and out, list filters, and finishing one."""
from marshmallow import fields, validate

from crm_platform.sdk import ACTIVITY_LABELS, BaseSchema, QuerySchema, page_schema, workspace_today

STATUSES = ("open", "done", "all")


class SalesTodoSchema(BaseSchema):
    """A follow-up to-do on a lead, an opportunity or a customer."""

    id = fields.Int(dump_only=True)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    notes = fields.Str(allow_none=True, validate=validate.Length(max=10000))
    due_date = fields.Date(required=True)
    assignee_id = fields.Int(allow_none=True, metadata={"description": "an active user; defaults to the creator"})
    created_by_id = fields.Int(dump_only=True, allow_none=True)
    lead_id = fields.Int(allow_none=True, metadata={"description": "a lead the caller may see"})
    opportunity_id = fields.Int(allow_none=True, metadata={"description": "an opportunity the caller may see"})
    customer_id = fields.Int(allow_none=True, metadata={
        "description": "a customer the caller may see; set from the opportunity for an opportunity's to-do. "
                       "Give exactly one of lead_id, opportunity_id and customer_id"})
    done = fields.Method("is_done", dump_only=True)
    overdue = fields.Method("is_overdue", dump_only=True,
                            metadata={"description": "open and due before the workspace's today"})
    done_at = fields.DateTime(dump_only=True, allow_none=True)
    activity_id = fields.Int(dump_only=True, allow_none=True,
                             metadata={"description": "the activity logged on the customer's timeline when finished"})
    created_at = fields.DateTime(dump_only=True)

    def is_done(self, todo):
        """Whether the to-do is finished."""
        return todo.done_at is not None

    def is_overdue(self, todo):
        """Whether the to-do is open past its due date."""
        return todo.done_at is None and todo.due_date < workspace_today()


class SalesTodoUpdateSchema(BaseSchema):
    """What changes on a to-do after it is made (its link stays)."""

    title = fields.Str(validate=validate.Length(min=1, max=200))
    notes = fields.Str(allow_none=True, validate=validate.Length(max=10000))
    due_date = fields.Date()
    assignee_id = fields.Int(allow_none=True)


class SalesTodoQuerySchema(QuerySchema):
    """Filters of the to-do list."""

    status = fields.Str(load_default="open", validate=validate.OneOf(STATUSES))
    mine = fields.Bool(load_default=False, metadata={"description": "only the caller's own"})
    assignee_id = fields.Int()
    lead_id = fields.Int()
    opportunity_id = fields.Int()
    customer_id = fields.Int()
    due_to = fields.Date(metadata={"description": "due on or before this date"})


SalesTodoPageSchema = page_schema(SalesTodoSchema, "SalesTodoPage")


class SalesTodoActivitySchema(BaseSchema):
    """The activity to log on the customer's timeline when a to-do is finished."""

    kind = fields.Str(required=True, validate=validate.OneOf(tuple(ACTIVITY_LABELS)))
    outcome = fields.Str(allow_none=True, validate=validate.Length(max=10000))


class SalesTodoDoneSchema(BaseSchema):
    """Finishing a to-do, optionally logging an activity."""

    log_activity = fields.Nested(SalesTodoActivitySchema, allow_none=True, load_default=None)
