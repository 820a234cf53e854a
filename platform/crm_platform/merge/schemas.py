"""What a merge request carries."""
from marshmallow import fields, validate

from crm_platform.schemas import BaseSchema


class MergeSchema(BaseSchema):
    """The duplicate to merge into the customer in the URL."""

    # BaseSchema caps it at the largest id (opaque_ids.MAX_ID).
    merge_id = fields.Int(required=True, strict=False, validate=validate.Range(min=1),
                          metadata={"description": "id of the customer merged into this one and then deleted"})
