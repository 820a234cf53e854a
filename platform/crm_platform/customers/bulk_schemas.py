"""Marshmallow schemas of bulk actions on customers."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from crm_platform.customers.bulk import ACTIONS
from crm_platform.customers.schemas import CustomerFiltersSchema
from crm_platform.models.customers import LEVELS, STATUSES
from crm_platform.schemas import BaseSchema

MAX_IDS = 200  # one page of the list at its largest


# What each action needs, and how it is checked.
VALUE_FIELDS = {
    "reassign": ("owner_id", fields.Int(strict=True)),
    "share": ("user_id", fields.Int(strict=True)),
    "add_tag": ("tag", fields.Str(validate=validate.Length(min=1, max=50))),
    "remove_tag": ("tag", fields.Str(validate=validate.Length(min=1, max=50))),
    "status": ("status", fields.Str(validate=validate.OneOf(STATUSES))),
    "level": ("level", fields.Str(validate=validate.OneOf(LEVELS))),
}


class BulkActionSchema(BaseSchema):
    """A bulk action: what to do, and to the rows picked (`ids`) or to every customer matching `filters`."""

    action = fields.Str(required=True, validate=validate.OneOf(ACTIONS))
    owner_id = fields.Int(strict=True, metadata={"description": "reassign: the new owner"})
    user_id = fields.Int(strict=True, metadata={"description": "share: who to share with"})
    tag = fields.Str(validate=validate.Length(min=1, max=50), metadata={"description": "add_tag, remove_tag"})
    status = fields.Str(validate=validate.OneOf(STATUSES), metadata={"description": "status: the new status"})
    level = fields.Str(validate=validate.OneOf(LEVELS), metadata={"description": "level: the new level"})
    ids = fields.List(fields.Int(strict=True), validate=validate.Length(min=1, max=MAX_IDS),
                      metadata={"description": "the customers picked (at most 200)"})
    filters = fields.Nested(CustomerFiltersSchema, metadata={"description": "every customer matching these filters"})
    page_size = fields.Int(load_default=50, validate=validate.Range(min=1, max=MAX_IDS),
                           metadata={"description": "more customers than this run as a job (202)"})

    @validates_schema
    def _complete(self, data, **kwargs):
        """One selection, and the value the action needs."""
        if ("ids" in data) == ("filters" in data):
            raise ValidationError(_l("Give either ids or filters."), "ids")
        needed = VALUE_FIELDS.get(data.get("action"))
        if needed and data.get(needed[0]) in (None, ""):
            raise ValidationError(_l("This action needs this field."), needed[0])


def job_params(data):
    """The job's params for a loaded BulkActionSchema: action, value and the selection."""
    needed = VALUE_FIELDS.get(data["action"])
    params = {"action": data["action"], "value": data[needed[0]] if needed else None}
    if "ids" in data:
        params["ids"] = sorted(set(data["ids"]))
    else:
        params["filters"] = data["filters"]
    return params


class BulkResultSchema(Schema):
    """What a bulk action did (also a finished job's result)."""

    action = fields.Str()
    selected = fields.Int(metadata={"description": "customers named by the request"})
    changed = fields.Int()
    unchanged = fields.Int(metadata={"description": "already as asked"})
    skipped = fields.Int(metadata={"description": "not visible to the caller, or not theirs to manage"})
    skipped_ids = fields.List(fields.Dict(), metadata={"description": "the first 100 skipped ones they may see, "
                                                                      "with a reason: not_managed or not_owner"})
