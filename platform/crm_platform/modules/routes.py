"""The admin page of modules: turn installed plugins on or off and edit their settings.

The rules (broken plugins stay off, dependencies first, settings validated by
the plugin's schema) live in crm_platform.modules.state, the same as for the
API; these views only turn them into a page.
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.exceptions import Conflict

from crm_platform.extensions import db
from crm_platform.forms import field_errors
from crm_platform.modules.schemas import installed_modules, installed_record, settings_fields
from crm_platform.modules.state import is_enabled, module_row, set_module
from crm_platform.roles import permission_required

bp = Blueprint("modules", __name__, url_prefix="/admin/modules")

# Which input each settings field type gets; anything else is a text input.
INPUT_TYPES = {"boolean": "checkbox", "integer": "number", "number": "number", "email": "email", "url": "url",
               "date": "date"}


def _problem_text(messages):
    """Validation messages ({field: [message]}) as one line for the page."""
    if not isinstance(messages, dict):
        return str(messages)
    return "; ".join(f"{field}: {' '.join(map(str, msgs)) if isinstance(msgs, list) else msgs}"
                     for field, msgs in messages.items())


def _with_inputs(module):
    """A module as described for the API, each settings field given its form input."""
    module["settings_problem_text"] = _problem_text(module["settings_problem"]) if module["settings_problem"] else None
    for field in module["settings_fields"]:
        field["input"] = ("select" if field["choices"] else "textarea" if field["multiline"]
                          else INPUT_TYPES.get(field["type"], "text"))
        field["options"] = list(zip(field["choices"] or (), field["choice_labels"] or ()))
    return module


def _render(errors=None, values=None, status=200):
    """The page; `errors` and `values` are per plugin name, for the settings form that failed."""
    modules = [_with_inputs(module) for module in installed_modules()]
    page = render_template("modules/index.html", modules=modules, labels={m["name"]: m["label"] for m in modules},
                           errors=errors or {}, values=values or {})
    return page, status


def _settings_input(record):
    """The settings form as schema input: unticked boxes false, blanks null where allowed, else left out."""
    # A stored null is shown as a blank, so saving the form unchanged must keep it
    # null; other blanks are left out and the schema's defaults apply.
    schema_fields = record.settings_schema().load_fields.values() if record.settings_schema else ()
    nullable = {field.data_key or field.name for field in schema_fields if field.allow_none}
    data = {}
    for field in settings_fields(record.settings_schema):
        name = field["name"]
        if field["type"] == "boolean":
            data[name] = "true" if request.form.get(name) else "false"
        elif request.form.get(name, "").strip():
            # Browsers send a text area's line breaks as CRLF; the plugin reads lines.
            value = request.form[name].strip()
            data[name] = value.replace("\r\n", "\n") if field["multiline"] else value
        elif name in nullable:
            data[name] = None
    return data


def _apply(record, enabled, settings, done):
    """Store the change and go back to the list, or show why not: a message, or errors next to the fields."""
    try:
        set_module(record.name, enabled, settings)
    except ValidationError as err:
        db.session.rollback()
        if settings is None:
            row = module_row(record.name)
            settings = dict(row.settings) if row else {}
            flash(_("%(label)s needs its settings before it can be enabled.", label=record.label), "error")
        return _render({record.name: field_errors(err)}, {record.name: settings}, 422)
    except Conflict as err:
        db.session.rollback()
        flash(err.description, "error")
    else:
        flash(done, "success")
    return redirect(url_for(".index"))


@bp.route("/")
@permission_required("modules.manage")
def index():
    """Every installed plugin with its state in this workspace, its requirements and its settings form."""
    return _render()


@bp.route("/<name>/enabled", methods=["POST"])
@permission_required("modules.manage")
def toggle(name):
    """Turn a plugin on (`enabled=true`) or off for this workspace."""
    record = installed_record(name)
    enabled = request.form.get("enabled") == "true"
    done = (_("%(label)s enabled.", label=record.label) if enabled
            else _("%(label)s disabled; its data is kept for when it is enabled again.", label=record.label))
    return _apply(record, enabled, None, done)


@bp.route("/<name>/settings", methods=["POST"])
@permission_required("modules.manage")
def save_settings(name):
    """Validate and store a plugin's settings for this workspace, leaving it on or off as it was."""
    record = installed_record(name)
    return _apply(record, is_enabled(name), _settings_input(record),
                  _("Settings of %(label)s saved.", label=record.label))
