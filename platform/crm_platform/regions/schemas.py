"""Marshmallow schemas of divisions and sales regions."""
from marshmallow import fields, validate

from crm_platform.schemas import BaseSchema


class DivisionQuerySchema(BaseSchema):
    """Which divisions to list."""

    parent = fields.Str(validate=validate.Regexp(r"^\d{6}$"),
                        metadata={"description": "a province (its cities) or city (its districts); "
                                                 "none lists the provinces"})


class DivisionSchema(BaseSchema):
    """One administrative division."""

    code = fields.Str(metadata={"description": "6-digit code, e.g. 330106"})
    name = fields.Str()


class DivisionListSchema(BaseSchema):
    """The divisions under a parent, in the official order."""

    items = fields.List(fields.Nested(DivisionSchema))


class SalesRegionSchema(BaseSchema):
    """A sales region: a name and the provinces it groups."""

    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    provinces = fields.List(fields.Str(validate=validate.Regexp(r"^\d{6}$")), load_default=list,
                            metadata={"description": "6-digit province codes"})


class SalesRegionsSchema(BaseSchema):
    """The workspace's sales regions, in order."""

    sales_regions = fields.List(fields.Nested(SalesRegionSchema), required=True)


class RenameRegionSchema(BaseSchema):
    """Rename a sales region, or merge it into another (when `to` is already a region)."""

    from_ = fields.Str(required=True, data_key="from", validate=validate.Length(min=1, max=100))
    to = fields.Str(required=True, validate=validate.Length(min=1, max=100))


class RenameResultSchema(SalesRegionsSchema):
    """The regions after a rename, and how many customers moved."""

    customers_moved = fields.Int()
