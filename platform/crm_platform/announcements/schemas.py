"""Marshmallow schemas of the announcements API."""
from marshmallow import Schema, fields, validate

from crm_platform.schemas import BaseSchema, QuerySchema, UserRefSchema, page_schema


class AnnouncementUnitSchema(Schema):
    """The unit an announcement is posted to."""

    id = fields.Int()
    name = fields.Str()


class AnnouncementSchema(BaseSchema):
    """An announcement to the whole company (`unit_id` null) or to a unit and the units below it.

    Loaded with `partial=True` for a change: absent fields stay as they are.
    """

    id = fields.Int(dump_only=True)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    body = fields.Str(required=True, validate=validate.Length(min=1, max=20_000))
    unit_id = fields.Int(allow_none=True, load_default=None, metadata={
        "description": "null: the whole company; a unit: its members and those of the units below it"})
    unit = fields.Nested(AnnouncementUnitSchema, dump_only=True, allow_none=True)
    pinned = fields.Bool(load_default=False, metadata={"description": "pinned ones come first"})
    expires_on = fields.Date(allow_none=True, load_default=None, metadata={
        "description": "the last day (workspace date) it shows on the dashboard, not already past when set; "
                       "null: until deleted"})
    author_id = fields.Int(dump_only=True, allow_none=True)
    author = fields.Nested(UserRefSchema, dump_only=True, allow_none=True)
    published_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    read = fields.Function(lambda a: getattr(a, "viewer_read_at", None) is not None, dump_only=True,
                           metadata={"description": "whether the caller has read it"})
    read_at = fields.DateTime(attribute="viewer_read_at", dump_only=True, allow_none=True,
                              metadata={"description": "when the caller first read it; null while unread"})


class AnnouncementQuerySchema(QuerySchema):
    """Filters of the announcements list."""

    unread = fields.Bool(metadata={"description": "true: only those the caller has not read; false: only read ones"})
    pinned = fields.Bool(metadata={"description": "true: only pinned ones; false: only unpinned ones"})
    current = fields.Bool(load_default=False, metadata={"description": "true: leave out expired ones"})


class AnnouncementReaderSchema(Schema):
    """Who has read an announcement, and when."""

    user = fields.Nested(UserRefSchema)
    read_at = fields.DateTime()


AnnouncementPageSchema = page_schema(AnnouncementSchema, "AnnouncementPage")
