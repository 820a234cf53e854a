"""Marshmallow schemas of follow-ups."""
from marshmallow import Schema, fields, validate

from crm_platform.customers.schemas import ActivitySchema
from crm_platform.models.base import utcnow
from crm_platform.schemas import QuerySchema, page_schema

SCOPES = ("mine", "team")


class FollowUpCustomerSchema(Schema):
    """The customer a follow-up is about."""

    id = fields.Int()
    name = fields.Str()


class FollowUpSchema(ActivitySchema):
    """An open follow-up: a planned activity, or a logged one with a dated next step still open."""

    customer = fields.Nested(FollowUpCustomerSchema, dump_only=True)
    overdue = fields.Method("_overdue", dump_only=True, metadata={"description": "due before now"})

    def _overdue(self, activity):
        return activity.follow_up_at is not None and activity.follow_up_at < utcnow()


class FollowUpQuerySchema(QuerySchema):
    """Whose follow-ups, and which."""

    scope = fields.Str(load_default="mine", validate=validate.OneOf(SCOPES), metadata={
        "description": "mine (the default): the caller's own; team: everyone in the caller's remit "
                       "(a manager's unit subtree, the whole workspace for executives and admins)"})
    user_id = fields.Int(metadata={"description": "with scope=team: only this user's"})
    org_unit_id = fields.Int(metadata={"description": "with scope=team: only users in this unit or below"})
    overdue = fields.Bool(load_default=False, metadata={"description": "only those due before now"})
    due_from = fields.AwareDateTime(metadata={"description": "only those due at or after this time"})
    due_to = fields.AwareDateTime(metadata={"description": "only those due at or before this time"})


FollowUpPageSchema = page_schema(FollowUpSchema, "FollowUpPage")
