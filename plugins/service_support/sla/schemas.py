"""Marshmallow schemas of the SLA feature: a policy in and out, a ticket's clocks, the figures and their query."""
from datetime import timedelta

from marshmallow import ValidationError, fields, validate, validates_schema

from crm_platform.sdk import BaseSchema, QuerySchema, gettext as _, page_schema, workspace_today

from plugins.service_support.models.sla import ESCALATIONS
from plugins.service_support.models.tickets import CATEGORIES, PRIORITIES

MAX_MINUTES = 60 * 24 * 365


class ServiceSlaPolicySchema(BaseSchema):
    """A policy: first-response and resolution targets in business minutes, the warning, the escalation."""

    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    priority = fields.Str(allow_none=True, validate=validate.OneOf(PRIORITIES),
                          metadata={"description": "the tickets' priority; null: any"})
    category = fields.Str(allow_none=True, validate=validate.OneOf(CATEGORIES),
                          metadata={"description": "the tickets' category; null: any"})
    first_response_minutes = fields.Int(required=True, validate=validate.Range(min=1, max=MAX_MINUTES),
                                        metadata={"description": "business minutes to the first public reply"})
    resolution_minutes = fields.Int(required=True, validate=validate.Range(min=1, max=MAX_MINUTES),
                                    metadata={"description": "business minutes to the resolution"})
    warn_before_minutes = fields.Int(validate=validate.Range(min=0, max=MAX_MINUTES), metadata={
        "description": "warn the assignee this many business minutes before a due time (less than the resolution "
                       "target; 0: no warning)"})
    escalation = fields.Str(validate=validate.OneOf(ESCALATIONS), metadata={
        "description": "on a breach: notify_manager, raise_priority (one step) or reassign (to reassign_to_id)"})
    reassign_to_id = fields.Int(allow_none=True, metadata={"description": "an active user, for reassign"})
    active = fields.Bool(metadata={"description": "one active policy per priority and category"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class ServiceSlaClockSchema(BaseSchema):
    """One clock of a ticket at the time asked."""

    target = fields.Str(metadata={"description": "first_response or resolution"})
    label = fields.Str()
    due_at = fields.DateTime(allow_none=True)
    minutes_left = fields.Int(allow_none=True, metadata={"description": "business minutes, negative once over"})
    state = fields.Str(metadata={"description": "met, breached, paused, running or unknown"})
    warned = fields.Bool()
    breached_at = fields.DateTime(allow_none=True)
    taken_minutes = fields.Int(allow_none=True, metadata={"description": "business minutes it took, once met"})
    note = fields.Str(allow_none=True, metadata={"description": "why there is no due time"})


class ServiceSlaClocksSchema(BaseSchema):
    """A ticket's SLA clocks."""

    ticket_id = fields.Int()
    policy_id = fields.Int(allow_none=True)
    paused = fields.Bool()
    clocks = fields.List(fields.Nested(ServiceSlaClockSchema))


class ServiceSlaFiguresQuerySchema(BaseSchema):
    """Which figures, over which workspace-local dates (the last 30 days by default)."""

    by = fields.Str(load_default="person", validate=validate.OneOf(("person", "team")))
    from_ = fields.Date(data_key="from")
    to = fields.Date()

    @validates_schema
    def _order(self, data, **_kwargs):
        """The period must not end before it starts, nor span more than a year."""
        start, end = data.get("from_"), data.get("to")
        if start and end and (end < start or (end - start).days > 366):
            raise ValidationError(_("Give a period of at most a year that ends after it starts."), "to")

    def period(self, data):
        """(first day, last day) of the query, defaults filled in."""
        end = data.get("to") or workspace_today()
        return data.get("from_") or end - timedelta(days=29), end


class ServiceSlaSummarySchema(BaseSchema):
    """count, average and median business minutes, and the percent within target."""

    count = fields.Int()
    average = fields.Float(allow_none=True)
    median = fields.Float(allow_none=True)
    within_target = fields.Float(allow_none=True)


class ServiceSlaFigureSchema(BaseSchema):
    """One person's or team's figures."""

    id = fields.Int(allow_none=True)
    name = fields.Str()
    first_response = fields.Nested(ServiceSlaSummarySchema)
    resolution = fields.Nested(ServiceSlaSummarySchema)


class ServiceSlaFiguresSchema(BaseSchema):
    """Figures per person or team over a period."""

    by = fields.Str()
    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")
    items = fields.List(fields.Nested(ServiceSlaFigureSchema))


class ServiceSlaPolicyQuerySchema(QuerySchema):
    """The policies list: a cursor page by name."""


ServiceSlaPolicyPageSchema = page_schema(ServiceSlaPolicySchema, "ServiceSlaPolicyPage")
