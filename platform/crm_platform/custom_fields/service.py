"""Adding, changing and deleting custom field definitions; shared by the admin page and the API.

Changes that would leave stored values meaningless are refused with a field
error: a new type while values exist, a choice removed while records use it.
Deleting a definition deletes its values in the same transaction.
"""
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select

from crm_platform.custom_fields.entities import entities
from crm_platform.custom_fields.types import CHOICE_TYPES, FieldDef, parse, to_json
from crm_platform.custom_fields.values import forget_definitions
from crm_platform.extensions import db
from crm_platform.models import CustomFieldDefinition, CustomFieldValue

MAX_FIELDS_PER_ENTITY = 100


def check_entity(entity):
    """Refuse an entity the workspace has no such records of (a module that is off counts as none)."""
    if entity not in entities():
        raise ValidationError({"entity": [_("Custom fields cannot be added to %(entity)s.", entity=entity)]})


def value_count(definition, choice=None):
    """How many values `definition` has stored (of `choice` only, when given)."""
    stmt = select(func.count(CustomFieldValue.id)).where(CustomFieldValue.field_id == definition.id)
    if choice is not None:
        stmt = stmt.where(CustomFieldValue.value_text == choice)
    return db.session.scalar(stmt)


def _check(data):
    """Refuse choices that do not fit the type, and a default that is not a valid value."""
    errors = {}
    choices = data.get("choices") or []
    if data["type"] in CHOICE_TYPES:
        if not choices:
            errors["choices"] = [_("A choice field needs at least one choice.")]
        elif len({c.casefold() for c in choices}) != len(choices):
            errors["choices"] = [_("Each choice may appear only once.")]
    elif choices:
        errors["choices"] = [_("Only choice fields have choices.")]
    if data.get("default") not in (None, "", []) and "choices" not in errors:
        probe = FieldDef(0, data["entity"], data["key"], data["label"], data["type"], False, None,
                         tuple(choices), 0)
        try:
            data["default"] = _as_json(probe, parse(probe, data["default"]))
        except ValueError as err:
            errors["default"] = [str(err)]
    else:
        data["default"] = None
    if errors:
        raise ValidationError(errors)


def _as_json(field, value):
    """A parsed default as JSON stores it."""
    return to_json(field, value) if field.type != "multi_choice" else value


def create_definition(data):
    """Add a field from validated `data` (CustomFieldSchema); returns the committed definition."""
    data = dict(data)
    check_entity(data["entity"])
    _check(data)
    taken = db.session.scalar(select(CustomFieldDefinition.id).where(
        CustomFieldDefinition.entity == data["entity"], CustomFieldDefinition.key == data["key"]))
    if taken:
        raise ValidationError({"key": [_("Another field of these records has this key.")]})
    count = db.session.scalar(select(func.count(CustomFieldDefinition.id)).where(
        CustomFieldDefinition.entity == data["entity"]))
    if count >= MAX_FIELDS_PER_ENTITY:
        raise ValidationError({"entity": [_("These records already have %(num)d custom fields, the most allowed.",
                                            num=MAX_FIELDS_PER_ENTITY)]})
    if data.get("position") is None:
        last = db.session.scalar(select(func.max(CustomFieldDefinition.position)).where(
            CustomFieldDefinition.entity == data["entity"]))
        data["position"] = 0 if last is None else last + 1
    definition = CustomFieldDefinition(**data)
    db.session.add(definition)
    db.session.commit()
    forget_definitions()
    return definition


def update_definition(definition, data):
    """Change label, required, default, choices or order (and the type while no value is stored)."""
    errors = {}
    for name in ("entity", "key"):
        if name in data and data[name] != getattr(definition, name):
            errors[name] = [_("This cannot be changed; add a new field instead.")]
    if "type" in data and data["type"] != definition.type and value_count(definition):
        errors["type"] = [_("Records already have values of this field; its type cannot change.")]
    if errors:
        raise ValidationError(errors)
    merged = {name: data.get(name, getattr(definition, name))
              for name in ("entity", "key", "label", "type", "required", "default", "choices", "position")}
    if "type" in data and data["type"] not in CHOICE_TYPES and "choices" not in data:
        merged["choices"] = []
    _check(merged)
    if definition.type in CHOICE_TYPES and merged["type"] in CHOICE_TYPES:
        removed = [choice for choice in definition.choices or () if choice not in merged["choices"]]
        used = [choice for choice in removed if value_count(definition, choice)]
        if used:
            raise ValidationError({"choices": [_("Records still use these choices: %(names)s.",
                                                 names=", ".join(used))]})
    for name, value in merged.items():
        if getattr(definition, name) != value:
            setattr(definition, name, value)
    db.session.commit()
    forget_definitions()
    return definition


def delete_definition(definition):
    """Delete a field and every value of it, in one transaction."""
    db.session.query(CustomFieldValue).filter(CustomFieldValue.field_id == definition.id) \
        .delete(synchronize_session=False)
    db.session.delete(definition)
    db.session.commit()
    forget_definitions()


def definition_or_404(field_id):
    """This workspace's definition `field_id`, or a 404 like a missing one."""
    from flask import abort

    definition = db.session.get(CustomFieldDefinition, field_id)
    if definition is None:
        abort(404)
    return definition
