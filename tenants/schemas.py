"""Marshmallow schemas for signup."""
from marshmallow import fields, validate

from crm_platform.schemas import BaseSchema, Password


class SignupSchema(BaseSchema):
    """What a company gives to open a workspace."""

    company = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    slug = fields.Str(required=True, validate=validate.Length(min=1, max=63),
                      metadata={"description": "the workspace name typed at sign-in"})
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = Password(required=True, load_only=True, validate=validate.Length(min=8, max=200))


class TenantSchema(BaseSchema):
    """A workspace."""

    id = fields.Int()
    name = fields.Str()
    slug = fields.Str()
    created_at = fields.DateTime()


class SignupResultSchema(BaseSchema):
    """The new workspace, its admin and an API token for them."""

    tenant = fields.Nested(TenantSchema)
    user = fields.Nested("crm_platform.org.schemas.UserSchema")
    token = fields.Str()
