"""Marshmallow schemas of the return visits: one out, the list filters, and recording the outcome."""
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, page_schema, workspace_today

from plugins.service_support.models.followups import FOLLOW_UP_KINDS, FOLLOW_UP_RESULTS

STATUSES = ("open", "done", "all")


class ServiceFollowUpSchema(BaseSchema):
    """A return visit: call or visit a customer by a date after a complaint or a low survey score."""

    id = fields.Int(dump_only=True)
    ticket_id = fields.Int(dump_only=True, allow_none=True)
    customer_id = fields.Int(dump_only=True)
    owner_id = fields.Int(dump_only=True, metadata={"description": "who makes the call or visit"})
    kind = fields.Str(dump_only=True, metadata={"description": "call or visit"})
    reason = fields.Str(dump_only=True, metadata={"description": "complaint_resolved or low_score"})
    due_date = fields.Date(dump_only=True, metadata={"description": "a working day of the workspace's calendar"})
    result = fields.Str(dump_only=True, allow_none=True,
                        metadata={"description": "satisfied, unsatisfied or unreachable once recorded"})
    outcome = fields.Str(dump_only=True, allow_none=True)
    done = fields.Method("is_done", dump_only=True)
    overdue = fields.Method("is_overdue", dump_only=True,
                            metadata={"description": "open and due before the workspace's today"})
    done_at = fields.DateTime(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)

    def is_done(self, follow_up):
        """Whether the outcome is recorded."""
        return follow_up.done_at is not None

    def is_overdue(self, follow_up):
        """Whether the return visit is open past its due date."""
        return follow_up.done_at is None and follow_up.due_date < workspace_today()


class ServiceFollowUpQuerySchema(QuerySchema):
    """Filters of the return visit list."""

    status = fields.Str(load_default="open", validate=validate.OneOf(STATUSES))
    mine = fields.Bool(load_default=False, metadata={"description": "only the caller's own"})
    owner_id = fields.Int()
    customer_id = fields.Int()
    ticket_id = fields.Int()
    due_to = fields.Date(metadata={"description": "due on or before this date"})


ServiceFollowUpPageSchema = page_schema(ServiceFollowUpSchema, "ServiceFollowUpPage")


class ServiceFollowUpOutcomeSchema(BaseSchema):
    """How the return visit went; `log_activity` also logs the call or visit on the customer's timeline."""

    result = fields.Str(required=True, validate=validate.OneOf(FOLLOW_UP_RESULTS))
    kind = fields.Str(load_default="call", validate=validate.OneOf(FOLLOW_UP_KINDS))
    outcome = fields.Str(allow_none=True, validate=validate.Length(max=10000))
    log_activity = fields.Bool(load_default=False)

