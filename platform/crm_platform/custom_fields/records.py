"""Custom fields on any record: what the SDK offers modules for the entities they declare.

A module declares an entity with the crm_custom_field_entities hook; admins then
add fields to it; the module reads, validates, stores and filters values with
these functions (customers and contacts go through the same code).
"""
from marshmallow import ValidationError

from crm_platform.custom_fields import values
from crm_platform.custom_fields.filters import apply_filters, filter_params, parse_filters


def save_custom_fields(entity, record_id, given, new=False):
    """Validate `given` {key: value} for a record of `entity` and store it (no commit); returns the stored values.

    With `new`, defaults fill empty fields and missing required ones are
    refused. Problems raise ValidationError({"custom_fields": {key: [message]}}).
    """
    try:
        cleaned = values.clean(entity, given or {})
    except ValidationError as err:
        raise ValidationError({"custom_fields": err.messages}) from None
    if new:
        cleaned = values.complete(entity, cleaned)
    values.write(entity, record_id, cleaned)
    return cleaned


def custom_field_values(entity, record_id):
    """{key: value} of every field of `entity` on one record, as the API shows them."""
    return values.read(entity, record_id)


def custom_field_values_of(entity, record_ids, fields_counted=None):
    """{record id: {key: value}} for a page of records of `entity`, in one statement (a list's custom fields).

    `fields_counted`: the page statement's `custom_field_count(entity)` column; 0 spares the statement.
    """
    return values.values_of_records(entity, list(record_ids), fields_counted)


def custom_field_count(entity):
    """A scalar subquery counting `entity`'s fields, to select with a list's page (see `custom_field_values_of`)."""
    return values.field_count(entity)


def delete_custom_field_values(entity, record_ids):
    """Delete the values of records of `entity` that are being deleted (no commit)."""
    values.delete_record_values(entity, list(record_ids))


def filter_by_custom_fields(stmt, id_column, entity, args):
    """`stmt` narrowed by the `cf_<key>` / `_min` / `_max` parameters in `args` (field errors for bad ones)."""
    return apply_filters(stmt, id_column, parse_filters(entity, filter_params(args)))
