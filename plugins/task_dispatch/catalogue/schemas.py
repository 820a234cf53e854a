"""Marshmallow schemas of the skill and resource catalogues: an item in and out, a change, list filters."""
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, lazy_gettext as _l, page_schema

from plugins.task_dispatch.models.catalogue import CATALOGUE_KINDS, RESOURCE_CATEGORIES

KEY_PATTERN = r"^[a-z0-9_-]+$"
KEY_RULE = _l("Use lower-case letters, digits, - and _ only.")


class DispatchCatalogueItemSchema(BaseSchema):
    """A skill or resource of the workspace's catalogue; profiles and tasks name it by its `key`."""

    id = fields.Int(dump_only=True)
    kind = fields.Str(required=True, validate=validate.OneOf(CATALOGUE_KINDS))
    key = fields.Str(required=True, validate=[validate.Length(min=1, max=40), validate.Regexp(KEY_PATTERN,
                                                                                             error=KEY_RULE)],
                     metadata={"description": "unique per kind; never changes once created"})
    name = fields.Str(required=True, validate=validate.Length(min=1, max=80))
    category = fields.Str(allow_none=True, validate=validate.OneOf(RESOURCE_CATEGORIES),
                          metadata={"description": "resources only; defaults to other"})
    certified = fields.Bool(load_default=False,
                            metadata={"description": "skills only: counts only with an unexpired certification"})
    archived = fields.Bool(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class DispatchCatalogueItemUpdateSchema(BaseSchema):
    """What changes on an item: its name, category (resources), whether it needs a certification (skills).

    `key` may be sent only unchanged: it is immutable.
    """

    key = fields.Str(metadata={"description": "refused unless equal to the item's key"})
    name = fields.Str(validate=validate.Length(min=1, max=80))
    category = fields.Str(allow_none=True, validate=validate.OneOf(RESOURCE_CATEGORIES))
    certified = fields.Bool()


class DispatchCatalogueQuerySchema(QuerySchema):
    """Filters of the catalogue list (by kind, then key)."""

    kind = fields.Str(validate=validate.OneOf(CATALOGUE_KINDS))
    archived = fields.Bool(metadata={"description": "true: only archived items; false: only items in use"})
    q = fields.Str(validate=validate.Length(max=80), metadata={"description": "words in the key or name"})


DispatchCatalogueItemPageSchema = page_schema(DispatchCatalogueItemSchema, "DispatchCatalogueItemPage")
