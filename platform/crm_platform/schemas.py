"""Schema building blocks shared by every feature's marshmallow schemas."""
from marshmallow import EXCLUDE, Schema, fields, pre_load, validate


class BaseSchema(Schema):
    """Strips strings and treats "" as absent-or-null, so HTML forms and JSON agree."""

    @pre_load
    def _blank_to_none(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        cleaned = {}
        for key, value in data.items():
            if isinstance(value, str):
                value = value.strip()
                field = self.fields.get(key)
                if value == "" and field is not None and (field.allow_none or not field.required):
                    value = None if field.allow_none else value
            cleaned[key] = value
        return cleaned


class QuerySchema(Schema):
    """Query-string schemas ignore parameters they do not know (cache busters, UTM tags)."""

    class Meta:
        unknown = EXCLUDE

    cursor = fields.Str(metadata={"description": "next_cursor from the previous page"})
    # A Range, not a lambda: marshmallow 4 ignores a validator that returns False.
    limit = fields.Int(load_default=50, validate=validate.Range(min=1, max=200),
                       metadata={"description": "page size, 1 to 200"})


class UserRefSchema(Schema):
    """A user as other records refer to them."""

    id = fields.Int()
    name = fields.Str()
    email = fields.Str()


def page_schema(item_schema, name):
    """A `{items, next_cursor}` list schema for `item_schema`."""
    return Schema.from_dict(
        {"items": fields.List(fields.Nested(item_schema)), "next_cursor": fields.Str(allow_none=True)},
        name=name,
    )
