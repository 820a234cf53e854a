"""What a merge request carries."""
from marshmallow import fields, validate

from crm_platform.schemas import BaseSchema, MAX_INT


class MergeSchema(BaseSchema):
    """The duplicate to merge into the customer in the URL."""

    merge_id = fields.Int(required=True, strict=False, validate=validate.Range(min=1, max=MAX_INT),
                          metadata={"description": "id of the customer merged into this one and then deleted"})
