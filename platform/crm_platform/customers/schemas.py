"""Marshmallow schemas for customers, contacts, contact records and shares."""
from datetime import date, datetime, timezone

from marshmallow import fields, validate

from crm_platform.custom_fields.schemas import CustomFields
from crm_platform.models.customers import ACTIVITY_KINDS, KINDS, LEVELS, STATUSES
from crm_platform.schemas import BaseSchema, QuerySchema, UserRefSchema, page_schema

SORTS = ("name", "-name", "created_at", "-created_at", "updated_at", "-updated_at")


def _text(max_len, **kw):
    return fields.Str(allow_none=True, validate=validate.Length(max=max_len), **kw)


class CustomerSchema(BaseSchema):
    """A customer account, as read and written through the API and forms."""

    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.Str(load_default="company", validate=validate.OneOf(KINDS))
    region = _text(100)
    status = fields.Str(load_default="following", validate=validate.OneOf(STATUSES))
    level = fields.Str(load_default="potential", validate=validate.OneOf(LEVELS))
    owner_id = fields.Int(allow_none=True, metadata={"description": "defaults to the caller"})
    owner = fields.Nested(UserRefSchema, dump_only=True, allow_none=True)
    phone = _text(50)
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    address = _text(500)
    notes = _text(10000)
    care_date = fields.Date(allow_none=True, validate=validate.Range(min=date(1800, 1, 1), max=date(2200, 1, 1)),
                            metadata={"description": "birthday or founding date"})
    tags = fields.List(fields.Str(validate=validate.Length(min=1, max=50)), validate=validate.Length(max=30))
    custom_fields = CustomFields("customer")
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class CustomerQuerySchema(QuerySchema):
    """Search, filters and sort of the customer list."""

    q = fields.Str(metadata={"description": "matches name, phone or email"})
    status = fields.Str(validate=validate.OneOf(STATUSES))
    level = fields.Str(validate=validate.OneOf(LEVELS))
    region = fields.Str()
    owner_id = fields.Int()
    org_unit_id = fields.Int(metadata={"description": "owners in this unit or below"})
    tag = fields.Str()
    sort = fields.Str(load_default="name", validate=validate.OneOf(SORTS))


class CountSchema(BaseSchema):
    """How many customers match."""

    count = fields.Int()


class ReassignSchema(BaseSchema):
    """A new owner for a customer."""

    owner_id = fields.Int(required=True)


class ContactSchema(BaseSchema):
    """A person at a customer."""

    id = fields.Int(dump_only=True)
    customer_id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    title = _text(100)
    phone = _text(50)
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    custom_fields = CustomFields("contact")
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class ActivitySchema(BaseSchema):
    """A contact record on the customer's timeline."""

    id = fields.Int(dump_only=True)
    customer_id = fields.Int(dump_only=True)
    kind = fields.Str(required=True, validate=validate.OneOf(ACTIVITY_KINDS))
    occurred_at = fields.AwareDateTime(
        default_timezone=timezone.utc, required=True,
        # Far-off years overflow when shifted to UTC for the database.
        validate=validate.Range(min=datetime(1900, 1, 1, tzinfo=timezone.utc),
                                max=datetime(2200, 1, 1, tzinfo=timezone.utc)))
    subject = _text(200)
    outcome = _text(10000)
    next_step = _text(10000)
    user = fields.Nested(UserRefSchema, dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class ShareSchema(BaseSchema):
    """A user a customer is shared with."""

    user_id = fields.Int(required=True)
    user = fields.Nested(UserRefSchema, dump_only=True)
    created_at = fields.DateTime(dump_only=True)


CustomerPageSchema = page_schema(CustomerSchema, "CustomerPage")
ContactPageSchema = page_schema(ContactSchema, "ContactPage")
ActivityPageSchema = page_schema(ActivitySchema, "ActivityPage")
SharePageSchema = page_schema(ShareSchema, "SharePage")
