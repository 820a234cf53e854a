"""Marshmallow schemas of requirements: a requirement in and out, its votes and answers, list filters."""
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, page_schema

from plugins.service_support.models.requirements import REQUIREMENT_STATUSES

SORTS = ("newest", "votes")


class ServiceRequirementVoteSchema(BaseSchema):
    """A customer asking for a requirement (one vote per customer), optionally from a ticket."""

    id = fields.Int(dump_only=True)
    requirement_id = fields.Int(dump_only=True)
    customer_id = fields.Int(allow_none=True, metadata={
        "description": "a customer the caller may see; defaults to the ticket's customer when ticket_id is given"})
    customer_name = fields.Str(dump_only=True)
    ticket_id = fields.Int(allow_none=True, metadata={"description": "a ticket the caller may see"})
    note = fields.Str(allow_none=True, validate=validate.Length(max=500))
    created_by_id = fields.Int(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class ServiceRequirementAnswerSchema(BaseSchema):
    """An answer on a requirement, or a status change (`status` set, `body` the words that went with it)."""

    id = fields.Int(dump_only=True)
    requirement_id = fields.Int(dump_only=True)
    author_id = fields.Int(dump_only=True, allow_none=True)
    body = fields.Str(required=True, validate=validate.Length(min=1, max=10000))
    status = fields.Str(dump_only=True, allow_none=True,
                        metadata={"description": "the status the requirement moved to (null: a plain answer)"})
    created_at = fields.DateTime(dump_only=True)


class ServiceRequirementSchema(BaseSchema):
    """A customer's request for a feature or product; made with its first vote (a customer, or a ticket's)."""

    id = fields.Int(dump_only=True)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    description = fields.Str(allow_none=True, validate=validate.Length(max=10000))
    status = fields.Str(dump_only=True)
    responsible_id = fields.Int(allow_none=True, metadata={"description": "an active user; defaults to the creator"})
    created_by_id = fields.Int(dump_only=True, allow_none=True)
    reviewed_at = fields.DateTime(dump_only=True, allow_none=True,
                                  metadata={"description": "when the responsible person last reviewed it"})
    vote_count = fields.Int(dump_only=True, metadata={"description": "every customer who asked, seen or not"})
    customer_id = fields.Int(load_only=True, allow_none=True, metadata={
        "description": "the customer asking (one the caller may see); give it or ticket_id"})
    ticket_id = fields.Int(load_only=True, allow_none=True,
                           metadata={"description": "the ticket it comes from (one the caller may see)"})
    note = fields.Str(load_only=True, allow_none=True, validate=validate.Length(max=500))
    votes = fields.List(fields.Nested(ServiceRequirementVoteSchema), dump_only=True, metadata={
        "description": "on a single requirement: the votes of the customers the caller may see"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class ServiceRequirementUpdateSchema(BaseSchema):
    """What changes on a requirement: title, description, responsible person, status (with a comment)."""

    title = fields.Str(validate=validate.Length(min=1, max=200))
    description = fields.Str(allow_none=True, validate=validate.Length(max=10000))
    responsible_id = fields.Int(allow_none=True)
    status = fields.Str(validate=validate.OneOf(REQUIREMENT_STATUSES))
    comment = fields.Str(allow_none=True, validate=validate.Length(max=10000), metadata={
        "description": "words recorded with the status change (or alone, as an answer)"})


class ServiceRequirementQuerySchema(QuerySchema):
    """Filters and order of the requirement list."""

    status = fields.Str(validate=validate.OneOf(REQUIREMENT_STATUSES))
    responsible_id = fields.Int()
    customer_id = fields.Int(metadata={"description": "asked for by this customer (one the caller may see)"})
    q = fields.Str(validate=validate.Length(max=200), metadata={"description": "words in the title or description"})
    sort = fields.Str(load_default="newest", validate=validate.OneOf(SORTS),
                      metadata={"description": "newest first, or most votes first"})


class ServiceRequirementAnswerQuerySchema(QuerySchema):
    """Pages of a requirement's answers (no filters)."""


class ServiceRequirementReviewSchema(BaseSchema):
    """The caller's daily review: the requirements they are responsible for that are new or waiting."""

    new = fields.List(fields.Nested(ServiceRequirementSchema))
    waiting = fields.List(fields.Nested(ServiceRequirementSchema))


ServiceRequirementPageSchema = page_schema(ServiceRequirementSchema, "ServiceRequirementPage")
ServiceRequirementAnswerPageSchema = page_schema(ServiceRequirementAnswerSchema, "ServiceRequirementAnswerPage")
