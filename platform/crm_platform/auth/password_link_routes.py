"""Pages for passwords set through emailed links: "forgot your password?", reset links and invitations."""
from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from werkzeug.exceptions import TooManyRequests

from crm_platform.auth import bp
from crm_platform.auth.login import sign_in
from crm_platform.auth.password_links import RESET_REQUESTED, NewPasswordSchema, ResetRequestSchema, \
    request_password_reset, set_password
from crm_platform.extensions import db
from crm_platform.forms import field_errors, form_input
from crm_platform.jobs.queue import JobsUnavailable
from crm_platform.mail.tokens import InvalidLink, link_user
from crm_platform.models import Tenant
from crm_platform.tenancy import set_scope


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    """Ask for a password reset link by email; the answer never says whether the account exists."""
    if current_user.is_authenticated:
        return redirect(url_for("account.settings"))
    values = {"workspace": request.values.get("workspace", ""), "email": request.form.get("email", "")}
    if request.method == "GET":
        return render_template("auth/forgot.html", values=values, errors={})
    try:
        data = ResetRequestSchema().load(form_input(request.form, ("workspace", "email")))
        request_password_reset(data["workspace"], data["email"])
    except ValidationError as err:
        return render_template("auth/forgot.html", values=values, errors=field_errors(err)), 422
    except (TooManyRequests, JobsUnavailable) as err:
        response = make_response(render_template("auth/forgot.html", values=values, errors={},
                                                 problem=err.description), err.code)
        if err.retry_after:
            response.headers["Retry-After"] = str(err.retry_after)
        return response
    flash(str(RESET_REQUESTED), "info")
    return redirect(url_for("auth.login", workspace=values["workspace"].strip().lower()))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    """Choose a new password through an emailed reset link; every browser signed in as you is signed out."""
    return _password_link_page("reset", token)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    """Choose your first password through an emailed invitation; you are then signed in."""
    return _password_link_page("invite", token)


def _password_link_page(purpose, token):
    """The page behind a link of `purpose`: the form, the password set, or why the link cannot be used."""
    if current_user.is_authenticated:
        # The link is for someone who is not signed in; its tenant must not mix with this session's.
        return _no_store(render_template("auth/password_link.html", purpose=purpose, signed_in=True)), 409
    errors = {}
    try:
        with link_user(purpose, token) as user:
            tenant = db.session.get(Tenant, user.tenant_id)
            who = {"id": user.id, "tenant_id": user.tenant_id, "name": user.name, "email": user.email,
                   "workspace": tenant.name, "slug": tenant.slug}
            if request.method == "POST":
                try:
                    data = NewPasswordSchema(only=("password",)).load(form_input(request.form, ("password",)))
                except ValidationError as err:
                    errors = field_errors(err)
                else:
                    set_password(user, data["password"])
                    if purpose == "invite":
                        sign_in(user)
    except InvalidLink as err:
        page = render_template("auth/link_invalid.html", purpose=purpose, expired=err.expired)
        return _no_store(page), 410 if err.expired else 404
    if request.method == "POST" and not errors:
        if purpose == "invite":
            # The invitee is now the principal of the rest of this request (as after signup).
            set_scope(who["tenant_id"], who["id"])
            flash(_("Welcome to %(workspace)s! Your password is set.", workspace=who["workspace"]), "success")
            return redirect(url_for("dashboard.index"))
        flash(_("Your password is changed and every browser signed in as you was signed out. Sign in with "
                "your new password."), "success")
        return redirect(url_for("auth.login", workspace=who["slug"]))
    page = render_template("auth/password_link.html", purpose=purpose, who=who, errors=errors)
    return _no_store(page), 422 if errors else 200


def _no_store(page):
    """A response kept out of caches and history: its URL holds a secret token."""
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response
