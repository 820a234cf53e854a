"""Sign-in and sign-out pages."""
from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from crm_platform.auth import bp
from crm_platform.auth.login import SignInError, authenticate, sign_in, sign_out
from crm_platform.redirects import local_next
from crm_platform.auth.throttle import DEVICE_COOKIE, DEVICE_COOKIE_AGE, account_key, throttle


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with workspace, email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("index"))
    form = {"workspace": request.values.get("workspace", ""), "email": request.form.get("email", "")}
    if request.method == "GET":
        return render_template("auth/login.html", form=form)
    try:
        user = authenticate(form["workspace"], form["email"], request.form.get("password", ""))
    except SignInError as err:
        response = make_response(render_template("auth/login.html", form=form, error=err.message), err.status)
        if err.retry_after:
            response.headers["Retry-After"] = str(err.retry_after)
        return response
    sign_in(user)
    response = redirect(local_next(request.args.get("next")) or url_for("dashboard.index"))
    response.set_cookie(DEVICE_COOKIE, throttle.device_cookie_for(account_key(form["workspace"], form["email"])),
                        max_age=DEVICE_COOKIE_AGE, httponly=True, samesite="Lax",
                        secure=request.is_secure)
    return response


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out: the server forgets this browser's session."""
    sign_out(current_user)
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
