"""The admin pages of custom fields: list them per entity, add, change and delete one.

The rules (types, choices, defaults, what may change once values exist) are
the service's, the same as the API's; these views only turn them into pages.
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.custom_fields import service
from crm_platform.custom_fields.entities import entities
from crm_platform.custom_fields.forms import register
from crm_platform.custom_fields.schemas import CustomFieldSchema
from crm_platform.custom_fields.types import TYPE_LABELS, FieldDef, to_text
from crm_platform.extensions import db
from crm_platform.forms import field_errors, form_input
from crm_platform.models import CustomFieldDefinition
from crm_platform.roles import permission_required

bp = Blueprint("custom_fields", __name__, url_prefix="/admin/custom-fields")
bp.record_once(register)

FIELDS = ("entity", "key", "label", "type", "default", "position")


@bp.context_processor
def _labels():
    """Type labels for every custom field template."""
    return {"type_labels": TYPE_LABELS}


def _form_data():
    """The form as schema input: choices one per line, required as a checkbox."""
    data = form_input(request.form, FIELDS)
    data["choices"] = [line.strip() for line in request.form.get("choices", "").splitlines() if line.strip()]
    data["required"] = "required" in request.form
    if not (data.get("position") or "").strip():
        data.pop("position", None)
    return data


def _form_values(definition):
    """A definition as the form shows it."""
    probe = FieldDef(definition.id, definition.entity, definition.key, definition.label, definition.type,
                     definition.required, None, tuple(definition.choices or ()), definition.position)
    return {"entity": definition.entity, "key": definition.key, "label": definition.label, "type": definition.type,
            "required": definition.required, "position": definition.position,
            "default": to_text(probe, definition.default), "choices": "\n".join(definition.choices or ())}


def _render_form(definition, values, errors=None, status=200):
    """The add or change form."""
    page = render_template("custom_fields/form.html", definition=definition, values=values, errors=errors or {},
                           entity_choices=[(e.key, e.label) for e in entities().values()],
                           type_choices=list(TYPE_LABELS.items()),
                           has_values=bool(definition and service.value_count(definition)))
    return page, status


@bp.route("/")
@permission_required("workspace.manage")
def index():
    """The custom fields of every entity, in display order."""
    known = entities()
    rows = db.session.scalars(select(CustomFieldDefinition).order_by(
        CustomFieldDefinition.entity, CustomFieldDefinition.position, CustomFieldDefinition.id)).all()
    groups = [(entity, [row for row in rows if row.entity == key]) for key, entity in known.items()]
    return render_template("custom_fields/index.html", groups=groups)


@bp.route("/new", methods=["GET", "POST"])
@permission_required("workspace.manage")
def new():
    """Add a custom field."""
    if request.method == "GET":
        return _render_form(None, {"entity": request.args.get("entity", "customer"), "type": "text"})
    try:
        definition = service.create_definition(CustomFieldSchema().load(_form_data()))
    except ValidationError as err:
        db.session.rollback()
        return _render_form(None, request.form, field_errors(err), 422)
    flash(_("Field %(label)s added.", label=definition.label), "success")
    return redirect(url_for(".index"))


@bp.route("/<int:field_id>/edit", methods=["GET", "POST"])
@permission_required("workspace.manage")
def edit(field_id):
    """Change a custom field's label, required, default, choices or order."""
    definition = service.definition_or_404(field_id)
    if request.method == "GET":
        return _render_form(definition, _form_values(definition))
    try:
        data = CustomFieldSchema(partial=True).load(_form_data())
        service.update_definition(definition, data)
    except ValidationError as err:
        db.session.rollback()
        return _render_form(definition, request.form, field_errors(err), 422)
    flash(_("Field %(label)s saved.", label=definition.label), "success")
    return redirect(url_for(".index"))


@bp.route("/<int:field_id>/delete", methods=["POST"])
@permission_required("workspace.manage")
def delete(field_id):
    """Delete a custom field and every value of it (the page asks first)."""
    definition = service.definition_or_404(field_id)
    label = definition.label
    service.delete_definition(definition)
    flash(_("Field %(label)s and its values deleted.", label=label), "success")
    return redirect(url_for(".index"))
