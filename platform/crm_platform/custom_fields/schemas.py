"""Marshmallow schemas: a definition, the `custom_fields` property of records, and a workspace's JSON Schema."""
import re

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from crm_platform.custom_fields import values
from crm_platform.custom_fields.types import TYPES
from crm_platform.schemas import BaseSchema, QuerySchema

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_CHOICES = 100


class CustomFields(fields.Dict):
    """A record's custom field values as {key: value}, checked against the workspace's definitions of `entity`.

    Loading validates each given key (type, choice, user of the workspace, a
    required field not emptied) and returns the stored values; dumping reads the
    record's `custom_value_rows` when it has them (customers and contacts), or
    the value table by the record's `id` (a dict is dumped as it is). Per-field problems come back as {"custom_fields": {key: [message]}}.
    """

    def __init__(self, entity, **kwargs):
        kwargs.setdefault("metadata", {}).setdefault(
            "description", "custom field values by key; GET /api/v1/custom-fields/schema?entity="
            f"{entity} describes them")
        super().__init__(keys=fields.Str(), values=fields.Raw(allow_none=True), **kwargs)
        self.entity = entity

    def get_value(self, obj, attr, accessor=None, default=None):
        """The record itself: its values are not an attribute but rows of the value table."""
        return obj

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(obj, dict):  # values already read, e.g. {"custom_fields": custom_field_values(...)}
            return obj.get(attr)
        rows = getattr(obj, "custom_value_rows", None)
        return values.read(self.entity, getattr(obj, "id", None), rows)

    def _deserialize(self, value, attr, data, **kwargs):
        return values.clean(self.entity, value)


class CustomFieldSchema(BaseSchema):
    """A custom field definition."""

    id = fields.Int(dump_only=True)
    entity = fields.Str(load_default="customer", validate=validate.Length(min=1, max=100),
                        metadata={"description": "customer, contact, or a module's entity such as crm_feedback.note"})
    key = fields.Str(required=True, validate=validate.Regexp(
        KEY_PATTERN, error=_l("Use 1 to 40 lower-case letters, digits or _, starting with a letter.")),
        metadata={"description": "stable name in the API, filters (cf_<key>) and imports; never changes"})
    label = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    type = fields.Str(required=True, validate=validate.OneOf(TYPES))
    required = fields.Bool(load_default=False)
    default = fields.Raw(allow_none=True, metadata={"description": "a value of the field's type, or null"})
    choices = fields.List(fields.Str(validate=validate.Length(min=1, max=255)),
                          validate=validate.Length(max=MAX_CHOICES), load_default=list,
                          metadata={"description": "the options of choice and multi_choice fields"})
    position = fields.Int(validate=validate.Range(min=0, max=10000),
                          metadata={"description": "order on forms and pages, smallest first; new fields go last"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class CustomFieldQuerySchema(QuerySchema):
    """Which entity's fields to list or describe."""

    entity = fields.Str(load_default="customer", validate=validate.Length(min=1, max=100))


class CustomFieldListSchema(BaseSchema):
    """The definitions of one entity, in order."""

    items = fields.List(fields.Nested(CustomFieldSchema))


_JSON_TYPES = {
    "text": {"type": "string", "maxLength": 255},
    "number": {"type": ["string", "number"], "pattern": r"^-?\d+(\.\d{1,6})?$",
               "description": "up to 6 decimals; read back as a string"},
    "money": {"type": ["string", "number"], "pattern": r"^-?\d+(\.\d{1,2})?$",
              "description": "an amount in the workspace currency, up to 2 decimals; read back as a string"},
    "date": {"type": "string", "format": "date"},
    "user": {"type": "integer", "description": "id of a user of the workspace"},
    "yes_no": {"type": "boolean"},
}


def json_schema(entity, currency):
    """A JSON Schema (2020-12) of the `custom_fields` object of `entity`'s records in this workspace."""
    properties, required = {}, []
    for field in values.definitions(entity):
        if field.type == "choice":
            prop = {"type": "string", "enum": list(field.choices)}
        elif field.type == "multi_choice":
            prop = {"type": "array", "uniqueItems": True, "items": {"type": "string", "enum": list(field.choices)}}
        else:
            prop = dict(_JSON_TYPES[field.type])
        prop = {"title": field.label, "x-crm-type": field.type, **prop}
        if field.type == "money":
            prop["x-currency"] = currency
        if field.type != "multi_choice" and not field.required:
            prop["type"] = [*(prop["type"] if isinstance(prop["type"], list) else [prop["type"]]), "null"]
        if field.default not in (None, []):
            prop["default"] = field.default
        if field.required:
            required.append(field.key)
        properties[field.key] = prop
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"custom_fields of {entity}",
            "type": "object", "properties": properties, "required": required, "additionalProperties": False}

