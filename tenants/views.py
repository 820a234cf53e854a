"""Signup page: a company opens its workspace and its first admin is signed in."""
from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from werkzeug.exceptions import TooManyRequests

from crm_platform.auth.login import sign_in
from crm_platform.forms import field_errors, form_input
from crm_platform.extensions import db
from crm_platform.tenancy import set_scope
from tenants.provisioning import check_slug, create_workspace
from tenants.schemas import SignupSchema

bp = Blueprint("signup", __name__)

SIGNUP_FIELDS = ("company", "slug", "name", "email", "password")


def _all_errors(err, raw):
    """The form's field errors, with the workspace name checked even when other fields failed.

    The schema stops before provisioning's slug rules run; checking the slug too
    spares the user a second round trip just to learn the name is taken.
    """
    errors = field_errors(err)
    if "slug" not in errors and raw.get("slug", "").strip():
        try:
            check_slug(raw["slug"].strip().lower())
        except ValidationError as slug_err:
            errors.update(field_errors(slug_err))
    return errors


def _values(raw):
    """What was typed, to show again: never the password."""
    return {k: v for k, v in raw.items() if k != "password"}


@bp.errorhandler(TooManyRequests)
def too_many_signups(err):
    """The form again, saying that this address asked for too many workspace names lately; nothing was written."""
    db.session.rollback()
    page = render_template("tenants/signup.html", values=_values(form_input(request.form, SIGNUP_FIELDS)),
                           errors={}, problem=err.description)
    response = make_response(page, err.code)
    response.headers["Retry-After"] = str(err.retry_after)
    return response


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Open a workspace with its first administrator, then sign in as them."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    if request.method == "GET":
        return render_template("tenants/signup.html", values={}, errors={})
    raw = form_input(request.form, SIGNUP_FIELDS)
    try:
        tenant, admin = create_workspace(**SignupSchema().load(raw))
    except ValidationError as err:
        db.session.rollback()
        return render_template("tenants/signup.html", values=_values(raw), errors=_all_errors(err, raw)), 422
    # The new admin is the principal of the rest of this request (as in tenants/api.py).
    set_scope(tenant.id, admin.id)
    sign_in(admin)
    flash(_("Welcome! Your workspace %(slug)s is ready.", slug=tenant.slug), "success")
    return redirect(url_for("dashboard.index"))
