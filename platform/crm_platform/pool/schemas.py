"""Marshmallow schemas of the customer pool."""
from marshmallow import Schema, fields

from crm_platform.customers.schemas import CustomerSchema
from crm_platform.schemas import BaseSchema, page_schema


class PoolCustomerSchema(CustomerSchema):
    """A customer in the pool: no owner, the pool's unit and since when."""

    pooled_at = fields.DateTime(dump_only=True, metadata={"description": "when it went to the pool"})
    pool_unit_id = fields.Int(dump_only=True, allow_none=True,
                              metadata={"description": "the org unit whose pool holds it; null: the company's"})


class PoolAssignSchema(BaseSchema):
    """Who a manager gives a pooled customer to."""

    owner_id = fields.Int(required=True)


class ClaimsSchema(Schema):
    """The caller's claims from the pool today (the workspace's local day)."""

    limit = fields.Int(metadata={"description": "claims allowed per user per day (pool_claim_limit)"})
    claimed_today = fields.Int()
    left = fields.Int()


PoolPageSchema = page_schema(PoolCustomerSchema, "PoolPage")
