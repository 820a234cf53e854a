"""Marshmallow schemas of tasks: a task in and out, its changes, the list filters, status actions and ratings."""
from datetime import datetime, timezone

from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, page_schema

from plugins.task_dispatch.models.tasks import PRIORITIES, STATUSES

ACTIONS = ("in_progress", "done", "cancelled")
"""The statuses a person moves a task to by hand (assignment is the assign feature's)."""
SORTS = ("due", "newest")


def _moment(**kw):
    """A date and time (UTC when it has no offset) in the years the database can shift to UTC."""
    return fields.AwareDateTime(default_timezone=timezone.utc, allow_none=True,
                                validate=validate.Range(min=datetime(1900, 1, 1, tzinfo=timezone.utc),
                                                        max=datetime(2200, 1, 1, tzinfo=timezone.utc)), **kw)


class DispatchSkillNeedSchema(BaseSchema):
    """A skill a task needs, at or above a minimum level."""

    skill = fields.Str(required=True, validate=validate.Length(min=1, max=40),
                       metadata={"description": "the key of a skill of the workspace's catalogue"})
    level = fields.Int(required=True, validate=validate.Range(min=1, max=5),
                       metadata={"description": "the minimum proficiency, 1 to 5"})


class DispatchTaskSchema(BaseSchema):
    """A piece of work to give to the most suitable person."""

    id = fields.Int(dump_only=True)
    number = fields.Str(dump_only=True)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    description = fields.Str(allow_none=True, validate=validate.Length(max=10000))
    customer_id = fields.Int(allow_none=True, metadata={"description": "a customer the caller may see, or null"})
    region = fields.Str(allow_none=True, validate=validate.Length(max=60), metadata={
        "description": "a sales region of the workspace; defaults to the customer's"})
    priority = fields.Str(load_default="normal", validate=validate.OneOf(PRIORITIES))
    effort = fields.Int(load_default=1, validate=validate.Range(min=1, max=1000),
                        metadata={"description": "effort points, held against the assignee's capacity"})
    required_skills = fields.List(fields.Nested(DispatchSkillNeedSchema), load_default=list)
    required_resources = fields.List(fields.Str(validate=validate.Length(min=1, max=40)), load_default=list,
                                     metadata={"description": "keys of resources of the workspace's catalogue"})
    earliest_start = _moment(metadata={"description": "not before (null: now)"})
    due = _moment(metadata={"description": "done by (null: open-ended); after earliest_start"})
    source_kind = fields.Str(dump_only=True, metadata={
        "description": "manual, or the kind of record another module asked for (ticket, lead, ...)"})
    source_id = fields.Int(dump_only=True, allow_none=True)
    source_url = fields.Str(dump_only=True, allow_none=True, metadata={"description": "the source record's page"})
    status = fields.Str(dump_only=True, metadata={"description": "unassigned, assigned, in_progress, done, cancelled"})
    assignee_id = fields.Int(dump_only=True, allow_none=True)
    created_by_id = fields.Int(dump_only=True, allow_none=True)
    assigned_at = fields.DateTime(dump_only=True, allow_none=True)
    started_at = fields.DateTime(dump_only=True, allow_none=True)
    finished_at = fields.DateTime(dump_only=True, allow_none=True)
    rating = fields.Int(dump_only=True, allow_none=True)
    outcome = fields.Str(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class DispatchTaskUpdateSchema(BaseSchema):
    """What changes on an open task (every field optional)."""

    title = fields.Str(validate=validate.Length(min=1, max=200))
    description = fields.Str(allow_none=True, validate=validate.Length(max=10000))
    customer_id = fields.Int(allow_none=True)
    region = fields.Str(allow_none=True, validate=validate.Length(max=60))
    priority = fields.Str(validate=validate.OneOf(PRIORITIES))
    effort = fields.Int(validate=validate.Range(min=1, max=1000))
    required_skills = fields.List(fields.Nested(DispatchSkillNeedSchema))
    required_resources = fields.List(fields.Str(validate=validate.Length(min=1, max=40)))
    earliest_start = _moment()
    due = _moment()


class DispatchTaskStatusSchema(BaseSchema):
    """Start, finish or cancel a task; a finished one may carry its outcome and (creator, dispatcher) a rating."""

    status = fields.Str(required=True, validate=validate.OneOf(ACTIONS))
    outcome = fields.Str(allow_none=True, validate=validate.Length(max=10000))
    rating = fields.Int(allow_none=True, validate=validate.Range(min=1, max=5))


class DispatchTaskRatingSchema(BaseSchema):
    """How well a finished task was done, 1 to 5 (its creator or a dispatcher)."""

    rating = fields.Int(required=True, validate=validate.Range(min=1, max=5))


class DispatchTaskQuerySchema(QuerySchema):
    """Filters and order of the task list."""

    status = fields.Str(validate=validate.OneOf((*STATUSES, "open")),
                        metadata={"description": "one status, or open (unassigned, assigned, in progress)"})
    priority = fields.Str(validate=validate.OneOf(PRIORITIES))
    region = fields.Str(validate=validate.Length(max=60))
    customer_id = fields.Int()
    assignee_id = fields.Int()
    mine = fields.Bool(load_default=False, metadata={"description": "only the caller's own tasks"})
    due_to = fields.Date(metadata={"description": "due on or before this day (the workspace's)"})
    sort = fields.Str(load_default="due", validate=validate.OneOf(SORTS),
                      metadata={"description": "due (soonest first, open-ended last) or newest"})


DispatchTaskPageSchema = page_schema(DispatchTaskSchema, "DispatchTaskPage")
