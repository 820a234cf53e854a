"""Reading and writing custom field values of records; nothing here commits.

Definitions are read once per request or job and tenant (`definitions`), and
the cache is dropped whenever a definition changes. Writes replace a field's
rows of one record, so a value is never half-written: the caller commits the
record and its values in one transaction.
"""
from functools import cache

from flask import g
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import and_, bindparam, delete, func, insert, select

from crm_platform.audit.recorder import add_changes
from crm_platform.custom_fields.types import COLUMN, FieldDef, parse, to_json
from crm_platform.extensions import db
from crm_platform.models import Contact, CustomFieldDefinition, CustomFieldValue
from crm_platform.tenancy import current_tenant_id

_PENDING = "_custom_fields_pending"


def _select_definitions(entity, *columns):
    """A SELECT of `entity`'s definitions (and `columns`), in display order."""
    return (select(CustomFieldDefinition, *columns).where(CustomFieldDefinition.entity == entity)
            .order_by(CustomFieldDefinition.position, CustomFieldDefinition.id))


def _field_def(row):
    return FieldDef(row.id, row.entity, row.key, row.label, row.type, bool(row.required), row.default,
                    tuple(row.choices or ()), row.position)


def _cached(entity):
    """This request's (or job's) cache of `entity`'s definitions: (cache, key)."""
    return g.setdefault("custom_field_definitions", {}), (current_tenant_id(), entity)


def definitions(entity):
    """The fields of `entity` in this workspace, in display order, as FieldDefs (cached per request or job)."""
    cache, cache_key = _cached(entity)
    if cache_key not in cache:
        cache[cache_key] = [_field_def(row) for row in db.session.scalars(_select_definitions(entity))]
    return cache[cache_key]


def forget_definitions():
    """Drop the cached definitions (a definition was added, changed or deleted)."""
    g.pop("custom_field_definitions", None)


def by_key(entity):
    """{key: FieldDef} of `entity`."""
    return {field.key: field for field in definitions(entity)}


def clean(entity, given):
    """`given` {key: raw value} as {key: stored value}; a ValidationError {key: [message]} listing every problem.

    Unknown keys are refused, and a required field may not be emptied.
    """
    if not isinstance(given, dict):
        raise ValidationError(_("Send an object of field key to value."))
    fields, errors, cleaned = by_key(entity), {}, {}
    for key, value in given.items():
        field = fields.get(key)
        if field is None:
            errors[key] = [_("No custom field has this key.")]
            continue
        try:
            cleaned[key] = parse(field, value)
        except ValueError as err:
            errors[key] = [str(err)]
            continue
        if field.required and cleaned[key] in (None, []):
            errors[key] = [_("%(label)s is required.", label=field.label)]
    if errors:
        raise ValidationError(errors)
    return cleaned


def missing_required(entity, cleaned):
    """{key: [message]} of the required fields a new record would lack: no value in `cleaned` and no default."""
    return {field.key: [_("%(label)s is required.", label=field.label)] for field in definitions(entity)
            if field.required and field.default in (None, []) and cleaned.get(field.key) in (None, [])}


def complete(entity, cleaned):
    """The values of a new record: `cleaned`, with defaults for fields it leaves empty; refuses missing required ones.

    Raises ValidationError({"custom_fields": {key: [message]}}).
    """
    missing = missing_required(entity, cleaned)
    if missing:
        raise ValidationError({"custom_fields": missing})
    values = dict(cleaned)
    for field in definitions(entity):
        if values.get(field.key) in (None, []) and field.default not in (None, []):
            values[field.key] = parse(field, field.default)
    return values


def write(entity, record_id, cleaned):
    """Replace the stored values of the fields in `cleaned` on one record (no commit)."""
    fields = by_key(entity)
    ids = [fields[key].id for key in cleaned]
    if not ids:
        return
    db.session.execute(delete(CustomFieldValue).where(
        CustomFieldValue.entity == entity, CustomFieldValue.record_id == record_id,
        CustomFieldValue.field_id.in_(ids)).execution_options(synchronize_session=False))
    db.session.add_all(CustomFieldValue(**row) for row in _value_rows(entity, fields, record_id, cleaned))


def write_new(entity, cleaned_by_record):
    """Store the values of records just inserted, {record id: cleaned}, in one INSERT (they have none to replace)."""
    fields = by_key(entity)
    rows = [row for record_id, cleaned in cleaned_by_record.items()
            for row in _value_rows(entity, fields, record_id, cleaned)]
    if rows:
        # Every row names every value column (render_nulls), so the chunk is one statement, not one per type.
        blank = dict.fromkeys({field.column for field in fields.values()})
        db.session.execute(insert(CustomFieldValue).execution_options(render_nulls=True),
                           [{**blank, **row} for row in rows])


def _value_rows(entity, fields, record_id, cleaned):
    """The value rows of one record's `cleaned` values (a multi-choice value is a row per choice)."""
    rows = []
    for key, value in cleaned.items():
        field = fields[key]
        for one in value if field.type == "multi_choice" else [value]:
            if one is not None:
                rows.append({"entity": entity, "record_id": record_id, "field_id": field.id, field.column: one})
    return rows


def write_changes(entity, record, cleaned):
    """Write the values in `cleaned` that differ from `record`'s (a flushed record), audit them; returns {cf_<key>: [old, new]}."""
    old = raw_values(entity, record.custom_value_rows)
    changed = {key: value for key, value in cleaned.items()
               if old.get(key, [] if isinstance(value, list) else None) != value}
    changes = {f"cf_{key}": [old.get(key), value] for key, value in changed.items()}
    if changed:
        write(entity, record.id, changed)
        add_changes(record, changes)
        # The loaded rows are now stale: a second change in this transaction (two import rows) reads afresh.
        db.session.expire(record, ["custom_value_rows"])
    return changes


def stage(record, cleaned):
    """Keep values for a record not yet flushed (no id); `write_staged` writes them once it has one."""
    if cleaned:
        record.__dict__.setdefault(_PENDING, {}).update(cleaned)


def write_staged(entity, record):
    """Write the values `stage` kept for `record`, now that it has an id (and add them to its audit entry)."""
    pending = record.__dict__.pop(_PENDING, None)
    if pending:
        write(entity, record.id, pending)
        if hasattr(record, "__audit__"):
            add_changes(record, {f"cf_{key}": [None, value] for key, value in pending.items()})


def read(entity, record_id, rows=None):
    """{key: value} of every field of `entity` on one record, as the API shows them (unset ones None or [])."""
    if rows is None:
        rows = db.session.scalars(select(CustomFieldValue).where(
            CustomFieldValue.entity == entity, CustomFieldValue.record_id == record_id)
            .order_by(CustomFieldValue.id)).all()
    return as_dict(entity, rows)


@cache
def _values_statements():
    """(definitions LEFT JOIN some records' values, those values alone) for :entity and :ids, built once."""
    entity, ids = bindparam("entity"), bindparam("ids", expanding=True)
    columns = [CustomFieldValue.id, CustomFieldValue.record_id, CustomFieldValue.field_id,
               *(getattr(CustomFieldValue, column) for column in sorted(set(COLUMN.values())))]
    joined = _select_definitions(entity, *columns).outerjoin(CustomFieldValue, and_(
        CustomFieldValue.field_id == CustomFieldDefinition.id, CustomFieldValue.entity == entity,
        CustomFieldValue.record_id.in_(ids))).order_by(CustomFieldValue.id)
    alone = (select(*columns).where(CustomFieldValue.entity == entity, CustomFieldValue.record_id.in_(ids))
             .order_by(CustomFieldValue.id))
    return joined, alone


def field_count(entity):
    """A scalar subquery: how many fields `entity` has; a list's page statement carries it for `values_of_records`."""
    return select(func.count(CustomFieldDefinition.id)).where(CustomFieldDefinition.entity == entity).scalar_subquery()


def values_of_records(entity, record_ids, fields_counted=None):
    """{record id: {key: JSON value}} for each of `record_ids`, as `read` gives them, in one statement at most.

    When this request has not read the definitions yet, they come in the same
    statement (definitions LEFT JOIN the records' values), so a list page pays
    one round trip for its custom fields. `fields_counted` is what the page's own
    statement counted with `field_count`: none means no statement at all.
    """
    cache, cache_key = _cached(entity)
    if fields_counted == 0 and cache_key not in cache:
        cache[cache_key] = []
    rows = {record_id: [] for record_id in record_ids}
    joined, alone = _values_statements()
    params = {"entity": entity, "ids": list(record_ids)}
    if cache_key not in cache:
        fields = {}
        for row in db.session.execute(joined, params):
            definition = row[0]
            fields.setdefault(definition.id, _field_def(definition))
            if row.record_id is not None:
                rows[row.record_id].append(row)
        cache[cache_key] = list(fields.values())
    elif cache[cache_key] and record_ids:
        for row in db.session.execute(alone, params):
            rows[row.record_id].append(row)
    if not cache[cache_key]:
        return {record_id: {} for record_id in record_ids}
    return {record_id: as_dict(entity, found) for record_id, found in rows.items()}


def raw_values(entity, rows):
    """{key: stored value} from value rows (multi-choice as a list in the definition's order)."""
    fields = {field.id: field for field in definitions(entity)}
    found = {}
    for row in rows:
        field = fields.get(row.field_id)
        if field is None:
            continue
        value = getattr(row, field.column)
        if field.type == "multi_choice":
            found.setdefault(field.key, []).append(value)
        else:
            found[field.key] = value
    for field in fields.values():
        if field.type == "multi_choice" and field.key in found:
            found[field.key] = [choice for choice in field.choices if choice in found[field.key]] + \
                [value for value in found[field.key] if value not in field.choices]
    return found


def as_dict(entity, rows):
    """{key: JSON value} for every field of `entity`, from a record's value rows."""
    found = raw_values(entity, rows)
    return {field.key: to_json(field, found.get(field.key)) if field.type != "multi_choice"
            else found.get(field.key, []) for field in definitions(entity)}


def delete_record_values(entity, record_ids):
    """Delete every value of the records `record_ids` of `entity` (the records are being deleted)."""
    db.session.execute(delete(CustomFieldValue).where(
        CustomFieldValue.entity == entity, CustomFieldValue.record_id.in_(record_ids))
        .execution_options(synchronize_session=False))


def delete_customer_values(customer):
    """Delete the values of a customer and of its contacts (the customer is being deleted)."""
    contact_ids = select(Contact.id).where(Contact.customer_id == customer.id).scalar_subquery()
    db.session.execute(delete(CustomFieldValue).where(
        CustomFieldValue.entity == "contact", CustomFieldValue.record_id.in_(contact_ids))
        .execution_options(synchronize_session=False))
    delete_record_values("customer", [customer.id])
