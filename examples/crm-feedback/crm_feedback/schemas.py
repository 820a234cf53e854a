"""Marshmallow schemas: notes in and out (API and pages alike), list filters, per-tenant settings."""
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, lazy_gettext as _l, page_schema

from crm_feedback.models import MAX_TEXT


class FeedbackNoteSchema(BaseSchema):
    """A feedback note on a customer."""

    id = fields.Int(dump_only=True)
    customer_id = fields.Int(required=True, metadata={"description": "a customer the caller may see"})
    author_id = fields.Int(dump_only=True, allow_none=True,
                           metadata={"description": "who wrote it; null for the welcome note"})
    rating = fields.Int(dump_only=True, allow_none=True,
                        metadata={"description": "1 (bad) to 5 (great); null on the welcome note"})
    text = fields.Str(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    created_at = fields.DateTime(dump_only=True)


class NewFeedbackNoteSchema(FeedbackNoteSchema):
    """A note as written by a person: always rated (only the welcome note has no rating)."""

    rating = fields.Int(required=True, validate=validate.Range(min=1, max=5),
                        metadata={"description": "1 (bad) to 5 (great)"})


class FeedbackNoteQuerySchema(QuerySchema):
    """Filters of the note list, besides the cursor and page size."""

    customer_id = fields.Int(metadata={"description": "only this customer's notes"})


FeedbackNotePageSchema = page_schema(FeedbackNoteSchema, "FeedbackNotePage")


class FeedbackSettingsSchema(BaseSchema):
    """Per-tenant settings, shown as a form on the admin page of modules."""

    welcome_note = fields.Str(
        load_default="", validate=validate.Length(max=MAX_TEXT),
        metadata={"label": _l("Welcome note"),
                  "description": _l("Added to every new customer when not empty.")})
    min_rating_alert = fields.Int(
        load_default=2, validate=validate.Range(min=1, max=5),
        metadata={"label": _l("Alert at or below rating"),
                  "description": _l("Notes rated this low or lower are marked for attention.")})
