"""List filters on custom fields: `cf_<key>=value`, and `cf_<key>_min` / `cf_<key>_max` for numbers, money and dates.

Each filter is one `id IN (SELECT record_id ...)` on the value table, served by
the (tenant_id, field_id, value, record_id) index of the field's value column.
Filters only narrow a list the visibility policy has already cut.
"""
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.custom_fields.types import RANGE_TYPES, parse
from crm_platform.custom_fields.values import definitions
from crm_platform.models import CustomFieldValue

PREFIX = "cf_"


def filter_params(args):
    """The `cf_…` parameters of a query string or form, blanks dropped, as {name: text}."""
    return {name: str(args.get(name)).strip() for name in args
            if name.startswith(PREFIX) and str(args.get(name) or "").strip()}


def parse_filters(entity, params, lenient=False):
    """[(FieldDef, op, value)] from {cf_…: text}; a ValidationError {cf_…: [message]} for each bad one.

    With `lenient` (the list page, whose old links may name a deleted field)
    parameters that match no filter are ignored rather than refused.
    """
    if not params:  # no filter: the definitions need not be read for it
        return []
    fields = {field.param: field for field in definitions(entity)}
    found, errors = [], {}
    for name, text in params.items():
        field, op = fields.get(name), "eq"
        if field is None and name[-4:] in ("_min", "_max") and name[:-4] in fields:
            field, op = fields[name[:-4]], name[-3:]
            if field.type not in RANGE_TYPES:
                if not lenient:
                    errors[name] = [_("Only numbers, money and dates have ranges.")]
                continue
        if field is None:
            if not lenient:
                errors[name] = [_("No custom field has this key.")]
            continue
        try:
            value = parse(field, text)
        except ValueError as err:
            errors[name] = [str(err)]
            continue
        if field.type == "multi_choice":
            value = value[0] if len(value) == 1 else None
            if value is None:
                errors[name] = [_("Filter by one choice at a time.")]
                continue
        found.append((field, op, value))
    if errors:
        raise ValidationError(errors)
    return found


def apply_filters(stmt, id_column, filters):
    """`stmt` narrowed to records whose id (`id_column`) has every filter's value.

    A field's conditions (a range's two ends) go into one subquery, so they
    hold for the same value row and use the index once.
    """
    by_field = {}
    for field, op, value in filters:
        column = getattr(CustomFieldValue, field.column)
        condition = column >= value if op == "min" else column <= value if op == "max" else column == value
        by_field.setdefault(field.id, []).append(condition)
    for field_id, conditions in by_field.items():
        stmt = stmt.where(id_column.in_(
            select(CustomFieldValue.record_id).where(CustomFieldValue.field_id == field_id, *conditions)))
    return stmt
