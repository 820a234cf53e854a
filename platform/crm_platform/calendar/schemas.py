"""Marshmallow schemas of the calendar API: hours, company days and time off."""
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate, validates_schema

from crm_platform.calendar.holidays import SOURCES
from crm_platform.schemas import BaseSchema, QuerySchema


# What strptime's "%H:%M" reads (it takes one digit too), for the document to state.
HOUR_MINUTE = {"pattern": "^([01]?[0-9]|2[0-3]):[0-5]?[0-9]$"}


class CalendarSpanSchema(BaseSchema):
    """One working span of a weekday, in the workspace's wall time (a break is the gap between two spans)."""

    weekday = fields.Int(required=True, strict=True, validate=validate.Range(min=0, max=6),
                         metadata={"description": "0 is Monday, 6 is Sunday"})
    opens = fields.Time(required=True, format="%H:%M", metadata={"description": "HH:MM", **HOUR_MINUTE})
    closes = fields.Time(required=True, format="%H:%M", metadata={"description": "HH:MM, after opens", **HOUR_MINUTE})

    @validates_schema
    def _closes_after_opening(self, data, **kwargs):
        if data["closes"] <= data["opens"]:
            raise ValidationError(_l("The closing time must be after the opening time."), "closes")


class CalendarSettingsSchema(BaseSchema):
    """The workspace's working hours and its official holiday calendar."""

    holidays = fields.Str(validate=validate.OneOf(tuple(SOURCES)), metadata={
        "description": "CN: China's public holidays and make-up working days; none: no public holidays"})
    hours = fields.List(fields.Nested(CalendarSpanSchema), validate=validate.Length(max=50), metadata={
        "description": "every working span of the week; a weekday without spans is closed"})

    @validates_schema
    def _no_overlaps(self, data, **kwargs):
        spans = sorted((span["weekday"], span["opens"], span["closes"]) for span in data.get("hours", ()))
        for before, after in zip(spans, spans[1:]):
            if before[0] == after[0] and after[1] < before[2]:
                raise ValidationError(_l("Working hours of the same day must not overlap."), "hours")


class CalendarDaySchema(BaseSchema):
    """A company day off (working false) or extra working day (working true); one per date."""

    id = fields.Int(dump_only=True)
    day = fields.Date(required=True)
    working = fields.Bool(required=True, metadata={"description": "true: an extra working day; false: a day off"})
    note = fields.Str(load_default="", validate=validate.Length(max=200))


class CalendarDayQuerySchema(QuerySchema):
    """Filter of the company days."""

    year = fields.Int(validate=validate.Range(min=1970, max=9999))


class TimeOffSchema(BaseSchema):
    """A person's time off, from one instant to another; periods may overlap."""

    id = fields.Int(dump_only=True)
    user_id = fields.Int(metadata={"description": "whose; the caller's own when absent (admins: anyone's)"})
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    note = fields.Str(load_default="", validate=validate.Length(max=200))

    @validates_schema
    def _ends_after_start(self, data, **kwargs):
        if "starts_at" in data and "ends_at" in data and data["ends_at"] <= data["starts_at"]:
            raise ValidationError(_l("The end must be after the start."), "ends_at")


class TimeOffQuerySchema(QuerySchema):
    """Whose time off to list: the caller's own when absent."""

    user_id = fields.Int()


class CalendarCheckQuerySchema(QuerySchema):
    """An instant to check, business minutes to add to it, and optionally an end to count to."""

    at = fields.AwareDateTime(required=True)
    minutes = fields.Int(load_default=0, validate=validate.Range(min=0, max=10_000_000))
    until = fields.AwareDateTime()
    user_id = fields.Int(metadata={"description": "take this person's time off out (yours, or anyone's for admins)"})


class CalendarCheckSchema(BaseSchema):
    """The three answers of the business calendar for one instant."""

    open = fields.Bool(metadata={"description": "whether `at` is working time"})
    plus_minutes = fields.AwareDateTime(metadata={"description": "`at` plus `minutes` business minutes"})
    minutes_until = fields.Float(allow_none=True, metadata={"description": "business minutes from `at` to `until`"})
