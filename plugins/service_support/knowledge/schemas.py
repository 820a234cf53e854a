"""Marshmallow schemas of the knowledge base (articles) and canned replies."""
from flask import url_for
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, page_schema

from plugins.service_support.knowledge.articles import summary

BODY_MAX = 100_000
"""The longest article or reply body taken (a long manual, not a book)."""


class ServiceArticleSchema(BaseSchema):
    """A knowledge base article: plain text with line breaks, published or a draft only writers see."""

    id = fields.Int(dump_only=True)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    body = fields.Str(required=True, validate=validate.Length(min=1, max=BODY_MAX),
                      metadata={"description": "plain text; line breaks are kept, nothing is read as HTML"})
    category = fields.Str(allow_none=True, validate=validate.Length(max=100))
    keywords = fields.Str(allow_none=True, validate=validate.Length(max=500),
                          metadata={"description": "other words people search for it by (synonyms, error codes)"})
    published = fields.Bool(load_default=True, metadata={"description": "false: a draft, seen only by writers"})
    author_id = fields.Int(dump_only=True, allow_none=True)
    summary = fields.Function(summary, dump_only=True,
                              metadata={"description": "the start of the body on one line (the reply box inserts it)"})
    url = fields.Function(lambda article: url_for("service_knowledge.article", article_id=article.id),
                          dump_only=True, metadata={"description": "the path of the article's page"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class ServiceArticleQuerySchema(QuerySchema):
    """Search and filters of the article list (last changed first)."""

    q = fields.Str(validate=validate.Length(max=100),
                   metadata={"description": "part of the title, text, keywords or category (any case)"})
    category = fields.Str(validate=validate.Length(max=100), metadata={"description": "exactly this category"})
    published = fields.Bool(metadata={"description": "false: only drafts (writers); true: only published"})


ServiceArticlePageSchema = page_schema(ServiceArticleSchema, "ServiceArticlePage")


class ServiceCannedReplySchema(BaseSchema):
    """A canned reply: personal (its owner's) or shared with the workspace, with {placeholders}."""

    id = fields.Int(dump_only=True)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    body = fields.Str(required=True, validate=validate.Length(min=1, max=BODY_MAX),
                      metadata={"description": "text with {customer}, {contact}, {ticket}, {subject}, {agent}, "
                                               "{workspace}"})
    shared = fields.Bool(metadata={"description": "true: everyone may use it (needs service.knowledge); "
                                                  "false (the default): only its owner"})
    owner_id = fields.Int(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


def dump_reply(reply):
    """A canned reply as ServiceCannedReplySchema dumps it (`shared` from its owner)."""
    return {"id": reply.id, "title": reply.title, "body": reply.body, "shared": reply.owner_id is None,
            "owner_id": reply.owner_id, "created_at": reply.created_at, "updated_at": reply.updated_at}


class ServiceCannedReplyQuerySchema(QuerySchema):
    """Search and filters of the canned replies the caller may use (by title)."""

    q = fields.Str(validate=validate.Length(max=100), metadata={"description": "part of the title or text"})
    shared = fields.Bool(metadata={"description": "true: only shared replies; false: only the caller's own"})


ServiceCannedReplyPageSchema = page_schema(ServiceCannedReplySchema, "ServiceCannedReplyPage")


class ServiceRenderSchema(BaseSchema):
    """Which ticket to fill a canned reply for."""

    ticket_id = fields.Int(required=True, metadata={"description": "a ticket the caller may see"})


class ServiceRenderedReplySchema(BaseSchema):
    """A canned reply filled for a ticket."""

    text = fields.Str()
    unknown = fields.List(fields.Str(), metadata={"description": "placeholders left as typed: not known"})
