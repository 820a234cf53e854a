"""Marshmallow schemas of the work logs API."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_platform.models.collaboration import WORK_LOG_KINDS
from crm_platform.schemas import BaseSchema, QuerySchema, UserRefSchema, page_schema
from crm_platform.work_logs.service import latest_allowed, log_day

BODY = validate.Length(min=1, max=20_000)


class WorkLogSchema(BaseSchema):
    """A person's daily work log (`day`) or weekly plan (`day` is its week's Monday)."""

    id = fields.Int(dump_only=True)
    kind = fields.Str(load_default="daily", validate=validate.OneOf(WORK_LOG_KINDS),
                      metadata={"description": "daily: a day's work log; weekly: a week's plan"})
    day = fields.Date(allow_none=True, load_default=None, metadata={
        "description": "the log's day (default today); for a plan any day of its week, kept as the Monday; "
                       "not after today for a log, not after next week for a plan"})
    body = fields.Str(required=True, validate=BODY)
    user_id = fields.Int(dump_only=True)
    user = fields.Nested(UserRefSchema, dump_only=True)
    comment_count = fields.Int(dump_only=True, metadata={"description": "comments on it (lists only)"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    @validates_schema
    def _not_in_the_future(self, data, **kwargs):
        kind, day = data.get("kind", "daily"), data.get("day")
        if day is not None and log_day(kind, day) > latest_allowed(kind):
            raise ValidationError(_l("A work log cannot be written ahead of its day.") if kind == "daily"
                                  else _l("A plan can be written for this week or the next, not later."), "day")


class WorkLogPatchSchema(BaseSchema):
    """The new text of one's own work log or plan (its day and kind stay)."""

    body = fields.Str(required=True, validate=BODY)


class WorkLogQuerySchema(QuerySchema):
    """Filters of the work logs the caller may read."""

    user_id = fields.Int(metadata={"description": "only this person's (someone outside the remit: an empty list)"})
    kind = fields.Str(validate=validate.OneOf(WORK_LOG_KINDS), metadata={"description": "daily or weekly"})
    day_from = fields.Date(metadata={"description": "on or after this day (a plan: its week)"})
    day_to = fields.Date(metadata={"description": "on or before this day"})

    @validates_schema
    def _range_in_order(self, data, **kwargs):
        if data.get("day_from") and data.get("day_to") and data["day_from"] > data["day_to"]:
            raise ValidationError(_l("This date is before day_from."), "day_to")


class WorkLogCommentSchema(BaseSchema):
    """A comment on a work log: a manager's remark or the author's reply."""

    id = fields.Int(dump_only=True)
    work_log_id = fields.Int(dump_only=True)
    body = fields.Str(required=True, validate=validate.Length(min=1, max=5_000))
    author_id = fields.Int(dump_only=True, allow_none=True)
    author = fields.Nested(UserRefSchema, dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class WorkLogCommentQuerySchema(QuerySchema):
    """Pages of a log's comments, oldest first."""


WorkLogPageSchema = page_schema(WorkLogSchema, "WorkLogPage")
WorkLogCommentPageSchema = page_schema(WorkLogCommentSchema, "WorkLogCommentPage")


class WorkLogMissingQuerySchema(QuerySchema):
    """The day whose missing logs to list."""

    day = fields.Date(metadata={"description": "default: the workspace's today"})


class WorkLogTeamDaySchema(Schema):
    """Who in the caller's remit has not written a day's log."""

    day = fields.Date()
    missing = fields.List(fields.Nested(UserRefSchema))
