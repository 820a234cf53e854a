"""The workspace settings page (admins): name, time zone and care reminder days."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from babel.numbers import list_currencies

from crm_platform.forms import field_errors, form_input
from crm_platform.i18n.selection import LANGUAGES
from crm_platform.roles import permission_required
from crm_platform.pool.labels import POOL_SCOPE_LABELS
from crm_platform.workspace.schemas import MAX_CARE_REMINDER_DAYS, WorkspaceSchema, phone_regions, time_zones
from crm_platform.workspace.service import update_workspace, workspace_values
from crm_platform.workspace.settings import current_tenant

bp = Blueprint("workspace", __name__, url_prefix="/admin/workspace")

NUMBERS = ("care_reminder_days", "pool_inactive_days", "pool_unsigned_days", "pool_claim_limit", "pool_warning_days")
FIELDS = ("name", "timezone", "locale", "currency", "phone_region", "pool_scope", *NUMBERS)


def _settings_input():
    """The form as schema input; day counts as numbers when they are (the schema is strict)."""
    data = form_input(request.form, FIELDS)
    for name in NUMBERS:
        value = data.get(name, "").strip()
        if value.isdigit():
            data[name] = int(value)
    if data.get("locale") == "":  # "each person's browser decides"
        data["locale"] = None
    return data


def _render(values, errors=None, status=200):
    """The settings form with `values`, and errors next to their fields."""
    page = render_template("workspace/settings.html", values=values, errors=errors or {},
                           time_zones=[(name, name) for name in time_zones()], max_days=MAX_CARE_REMINDER_DAYS,
                           slug=current_tenant().slug, language_options=list(LANGUAGES.items()),
                           currencies=[(code, code) for code in sorted(list_currencies())],
                           phone_regions=[(code, code) for code in phone_regions()], pool_scopes=POOL_SCOPE_LABELS)
    return page, status


@bp.route("/", methods=["GET", "POST"])
@permission_required("workspace.manage")
def settings():
    """Show and change the workspace's name, time zone and care reminder days."""
    tenant = current_tenant()
    if request.method == "GET":
        return _render(workspace_values(tenant))
    try:
        data = WorkspaceSchema().load(_settings_input())
    except ValidationError as err:
        return _render(dict(request.form), field_errors(err), 422)
    if update_workspace(current_user, tenant, data):
        flash(_("Workspace settings saved."), "success")
    else:
        flash(_("Nothing changed."), "success")
    return redirect(url_for(".settings"))
