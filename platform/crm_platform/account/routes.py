"""Account settings: change your password, manage API tokens, see and end your sessions.

Every view works on the signed-in user only: rows are looked up with
`user_id == current_user.id`, so another user's token or session is a 404.
"""
from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.account import bp
from crm_platform.auth.api import TokenRequestSchema
from crm_platform.auth.api_tokens import issue_token, token_or_404, tokens_of
from crm_platform.auth.login import change_password as set_new_password
from crm_platform.auth.passwords import verify_password
from crm_platform.auth.sessions import end_other_sessions
from crm_platform.auth.throttle import throttle
from crm_platform.auth.tokens import digest
from crm_platform.forms import field_errors, form_input
from crm_platform.extensions import db
from crm_platform.i18n.selection import LANGUAGES
from crm_platform.workspace.schemas import time_zones
from crm_platform.workspace.settings import current_tenant, get_setting
from crm_platform.models import LoginSession
from crm_platform.org.schemas import PasswordChangeSchema


def _render_settings(password_errors=None, token_errors=None, token_values=None, new_token=None, status=200,
                     preference_errors=None):
    """The settings page; the forms' errors, and a just-created token, are shown in place."""
    user = current_user
    tokens = tokens_of(user.id, newest_first=True)
    sessions = db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)
                                  .order_by(LoginSession.created_at.desc(), LoginSession.id.desc())).all()
    current_hash = digest(user.session_token) if user.session_token else None
    response = make_response(render_template(
        "account/settings.html", tokens=tokens, sessions=sessions, current_hash=current_hash,
        password_errors=password_errors or {}, token_errors=token_errors or {},
        token_values=token_values or {}, new_token=new_token,
        preference_errors=preference_errors or {}, language_options=list(LANGUAGES.items()),
        time_zones=[(name, name) for name in time_zones()],
        preference_values={"locale": user.locale or "", "timezone": user.timezone or ""},
        workspace_timezone=get_setting(current_tenant(), "timezone"),
    ), status)
    # The page can hold a raw token; it must not be kept in any cache or the back-button history.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/")
@login_required
def settings():
    """Your password, your API tokens and the browsers signed in as you."""
    return _render_settings()


@bp.route("/password", methods=["POST"])
@login_required
def change_password():
    """Change your password after proving the current one; other sessions end."""
    user = current_user._get_current_object()
    try:
        data = PasswordChangeSchema().load(form_input(request.form, ("current_password", "new_password")))
        # Throttled like sign-in, so a left-open browser is no password oracle.
        if not throttle.reserve_buckets(throttle.password_check_buckets(user)).allowed:
            raise ValidationError({"current_password": [_("Too many wrong attempts. Try again later.")]})
        if not verify_password(user.password_hash, data["current_password"]):
            raise ValidationError({"current_password": [_("This is not your current password.")]})
    except ValidationError as err:
        return _render_settings(password_errors=field_errors(err), status=422)
    set_new_password(user, data["new_password"])
    flash(_("Your password is changed. Every other browser signed in as you was signed out."), "success")
    return redirect(url_for(".settings"))


@bp.route("/tokens", methods=["POST"])
@login_required
def create_token():
    """Create an API token and show its secret this once."""
    try:
        data = TokenRequestSchema(only=("name",)).load(form_input(request.form, ("name",)))
    except ValidationError as err:
        return _render_settings(token_errors=field_errors(err), token_values=request.form, status=422)
    row, raw = issue_token(current_user, data["name"])
    # Rendered, not redirected: the secret is never stored, so it cannot travel to another request.
    return _render_settings(new_token={"row": row, "secret": raw})


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id):
    """Revoke one of your API tokens; programs using it stop working at once."""
    row = token_or_404(current_user.id, token_id)
    name = row.name
    db.session.delete(row)
    db.session.commit()
    flash(_("Token %(name)s revoked.", name=name), "success")
    return redirect(url_for(".settings"))


@bp.route("/sessions/end-others", methods=["POST"])
@login_required
def end_others():
    """Sign out every other browser signed in as you; this one stays signed in."""
    end_other_sessions(current_user, keep_token=current_user.session_token)
    db.session.commit()
    flash(_("Every other browser signed in as you was signed out."), "success")
    return redirect(url_for(".settings"))
