"""Custom fields on the pages: form input in, values to show out, and which list columns the user chose.

The helpers are template globals (registered by the admin blueprint), so the
customer and contact templates show custom fields without their views knowing.
"""
from flask import request, session
from sqlalchemy import or_, select

from crm_platform.custom_fields.types import to_text
from crm_platform.custom_fields.values import definitions, raw_values
from crm_platform.extensions import db
from crm_platform.models import User

COLUMNS_PARAM = "cols"
_SESSION_KEY = "customer_list_columns"


def submitted(entity, form):
    """The `cf_<key>` inputs of a submitted form as {key: raw value}; an unticked multi-choice is [] (cleared)."""
    found = {}
    for field in definitions(entity):
        if field.type == "multi_choice":
            found[field.key] = form.getlist(field.param)
        elif field.param in form:
            found[field.key] = form[field.param]
    return found


def input_values(field, values):
    """What a form input of `field` shows: the submitted text, else the record's value (a list for multi-choice)."""
    if hasattr(values, "getlist") and field.type == "multi_choice":
        return values.getlist(field.param)
    if field.param in values:
        return values.get(field.param)
    stored = (values.get("custom_fields") or {}).get(field.key)
    if field.type == "multi_choice":
        return stored or []
    if field.type == "yes_no" and stored is not None:
        return "yes" if stored else "no"
    return "" if stored is None else str(stored)


def default_values(entity):
    """{cf_<key>: default} of `entity`'s fields, for a new record's form."""
    return {field.param: field.default if field.type == "multi_choice" else to_text(field, field.default)
            for field in definitions(entity) if field.default not in (None, [])}


def users_for_fields(current=None):
    """(id, name) of the workspace's active users for user fields' selects, and the `current` value's user."""
    stmt = select(User).where(User.active.is_(True))
    if str(current or "").isdigit():
        stmt = select(User).where(or_(User.active.is_(True), User.id == int(current)))
    return [(user.id, user.name) for user in db.session.scalars(stmt.order_by(User.name, User.id))]


def shown_values(entity, record):
    """[(FieldDef, text)] of `record`'s set custom fields, users by name."""
    found = raw_values(entity, record.custom_value_rows)
    user_ids = {value for field in definitions(entity) if field.type == "user"
                for value in [found.get(field.key)] if value is not None}
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(user_ids))).all()) \
        if user_ids else {}
    shown = []
    for field in definitions(entity):
        value = found.get(field.key)
        if value in (None, []):
            continue
        shown.append((field, names.get(value, "") if field.type == "user" else to_text(field, value)))
    return shown


def column_cells(entity, record, columns):
    """The texts of `record`'s `columns` (FieldDefs) for one row of a list."""
    shown = {field.key: text for field, text in shown_values(entity, record)}
    return [shown.get(field.key, "") for field in columns]


def chosen_columns(entity="customer"):
    """The custom fields the user chose to show as list columns (`cols=cf_a,cf_b`, remembered in their session)."""
    if COLUMNS_PARAM in request.args:
        session[_SESSION_KEY] = [name for value in request.args.getlist(COLUMNS_PARAM)
                                 for name in value.split(",") if name]
    wanted = session.get(_SESSION_KEY) or []
    return [field for field in definitions(entity) if field.param in wanted]


def register(state):
    """Make the helpers template globals of the app (called when the admin blueprint is registered)."""
    state.app.jinja_env.globals.update(
        custom_field_defs=definitions, custom_field_input=input_values, custom_field_users=users_for_fields,
        custom_field_shown=shown_values, custom_field_cells=column_cells)
