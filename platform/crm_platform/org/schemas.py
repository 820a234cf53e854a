"""Marshmallow schemas for org units and users."""
from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate

from crm_platform.auth.passwords import is_usable
from crm_platform.models.org import UNIT_KINDS
from crm_platform.roles import role_names
from crm_platform.schemas import BaseSchema, Password, QuerySchema, page_schema


def _known_role(name):
    # Checked at call time, not import time: plugins register roles later.
    if name not in role_names():
        raise ValidationError(_("Must be one of: %(roles)s.", roles=", ".join(role_names())))


class OrgUnitSchema(BaseSchema):
    """A unit of the org chart."""

    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.Str(load_default="team", validate=validate.OneOf(UNIT_KINDS))
    parent_id = fields.Int(allow_none=True, load_default=None)
    path = fields.Str(dump_only=True, metadata={"description": "ids from the root, e.g. /1/4/"})
    created_at = fields.DateTime(dump_only=True)


class UserSchema(BaseSchema):
    """A user of the workspace; `password` is write-only."""

    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = Password(load_only=True, allow_none=True, validate=validate.Length(min=8, max=200),
                          metadata={"description": "leave out to email the new user an invitation to choose one"})
    role = fields.Str(load_default="rep", validate=_known_role)
    org_unit_id = fields.Int(allow_none=True, load_default=None)
    active = fields.Bool(load_default=True)
    locale = fields.Str(allow_none=True, validate=validate.OneOf(["en", "zh_CN"]))
    invitation_pending = fields.Function(lambda user: not is_usable(user.password_hash), dump_only=True,
                                         metadata={"description": "invited, has not chosen a password yet"})
    last_login_at = fields.DateTime(dump_only=True, allow_none=True,
                                    metadata={"description": "null until their first sign-in"})
    created_at = fields.DateTime(dump_only=True)


class UserQuerySchema(QuerySchema):
    """Filters of the user list."""

    q = fields.Str(metadata={"description": "matches name or email"})
    role = fields.Str()
    org_unit_id = fields.Int()
    active = fields.Bool()


class PasswordChangeSchema(BaseSchema):
    """The caller's current and new password."""

    current_password = Password(required=True, load_only=True)
    new_password = Password(required=True, load_only=True, validate=validate.Length(min=8, max=200))


OrgUnitPageSchema = page_schema(OrgUnitSchema, "OrgUnitPage")
UserPageSchema = page_schema(UserSchema, "UserPage")
