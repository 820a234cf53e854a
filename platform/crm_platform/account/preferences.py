"""Your language and time zone: each overrides the workspace's default when set."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError, fields, pre_load, validate

from crm_platform.account import bp
from crm_platform.account.routes import _render_settings
from crm_platform.extensions import db
from crm_platform.forms import field_errors, form_input
from crm_platform.i18n.selection import LANGUAGES
from crm_platform.schemas import BaseSchema
from crm_platform.workspace.schemas import time_zones

FIELDS = ("locale", "timezone")


class PreferencesSchema(BaseSchema):
    """A user's language and time zone; null follows the workspace."""

    locale = fields.Str(allow_none=True, validate=validate.OneOf(tuple(LANGUAGES)))
    timezone = fields.Str(allow_none=True, validate=validate.OneOf(
        time_zones(), error=_l("Not a known time zone; use an IANA name such as Asia/Shanghai.")))

    @pre_load
    def _blank_is_none(self, data, **kwargs):
        """An empty select means "the workspace's"."""
        return {key: (value or None) for key, value in data.items()}


@bp.route("/preferences", methods=["POST"])
@login_required
def save_preferences():
    """Save your language and time zone; pages and the API follow them from the next request."""
    try:
        data = PreferencesSchema().load(form_input(request.form, FIELDS))
    except ValidationError as err:
        return _render_settings(preference_errors=field_errors(err), status=422)
    user = current_user._get_current_object()
    user.locale, user.timezone = data.get("locale"), data.get("timezone")
    db.session.commit()
    flash(_("Your language and time zone are saved."), "success")
    return redirect(url_for(".settings"))
