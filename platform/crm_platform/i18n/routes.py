"""The language switcher on every page: saved on the account when signed in, in the session otherwise."""
from urllib.parse import urlsplit

from flask import abort, redirect, request, session, url_for
from flask_login import current_user

from crm_platform.extensions import db
from crm_platform.i18n import bp
from crm_platform.i18n.selection import LANGUAGES, SESSION_KEY
from crm_platform.redirects import local_next


def _back():
    """Where the switcher was: the form's `next`, else the Referer when it is this site's."""
    if request.form.get("next"):
        return local_next(request.form["next"], url_for("index"))
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        return local_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""), url_for("index"))
    return url_for("index")


@bp.route("/language", methods=["POST"])
def switch_language():
    """Switch the interface language and go back to the page the switcher was on."""
    locale = request.form.get("locale", "")
    if locale not in LANGUAGES:
        abort(400)
    if current_user.is_authenticated:
        current_user.locale = locale
        db.session.commit()
    else:
        session[SESSION_KEY] = locale
    return redirect(_back())
