"""The messages themselves: subject and body from templates/mail/, links from CRM_BASE_URL."""
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale, format_timedelta, gettext as _
from flask_mailman import EmailMessage

from crm_platform.extensions import db
from crm_platform.i18n.selection import reader_locale
from crm_platform.mail.tokens import make_token, valid_seconds
from crm_platform.models import Tenant

# The page each purpose's link opens.
LINK_ENDPOINTS = {"invite": "auth.accept_invitation", "reset": "auth.reset_password"}


def public_url(endpoint, **values):
    """The absolute URL of `endpoint` under CRM_BASE_URL.

    Never built from the request (there is none in a job, and a request's Host
    header is whatever the client sent: a spoofed one would mail reset links
    pointing at someone else's server).
    """
    base = urlsplit(current_app.config["CRM_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path.rstrip("/") or "/",
                                       url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def _subject(purpose, workspace):
    if purpose == "invite":
        return _("You are invited to %(workspace)s", workspace=workspace)
    return _("Reset your %(workspace)s password", workspace=workspace)


def build_message(purpose, user, password_hash=None):
    """The email of `purpose` to `user`, in their language, with a fresh link token (see make_token)."""
    tenant = db.session.get(Tenant, user.tenant_id)
    link = public_url(LINK_ENDPOINTS[purpose], token=make_token(purpose, user, password_hash))
    # The user's language, else the workspace's (a new user has chosen none yet).
    with force_locale(reader_locale(user, user.tenant_id)):
        subject = _subject(purpose, tenant.name)
        body = render_template(f"mail/{purpose}.txt", user=user, tenant=tenant, link=link,
                               valid_for=format_timedelta(timedelta(seconds=valid_seconds(purpose))),
                               base_url=current_app.config["CRM_BASE_URL"])
    return EmailMessage(subject=subject, body=body, to=[user.email])
