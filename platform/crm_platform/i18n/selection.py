"""Which language and time zone a request, a job or a CLI command speaks.

Language: the user's preference, then a choice made with the switcher before
signing in (kept in the session), then the workspace default, then the browser's
Accept-Language, then English. An API call that sends Accept-Language is
answered in that language unless the user has a preference. Outside a request
(CLI commands) LC_ALL / LC_MESSAGES / LANG decide, as for any Unix program.

Time zone: the user's own, else the workspace's, else UTC.
"""
import os

from flask import g, has_request_context, request, session
from flask_login import current_user

# Shown in each language's own words: someone who cannot read the current one must find theirs.
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
SESSION_KEY = "locale"


def supported_locale(tag):
    """The catalogue locale for a language tag ('zh', 'zh-CN', 'zh_Hans_CN' -> 'zh_CN'), or None."""
    if not tag:
        return None
    language = tag.replace("-", "_").split("_")[0].split(".")[0].lower()
    return {"zh": "zh_CN", "en": "en"}.get(language)


def accepted_locale():
    """The best supported language of the request's Accept-Language header, or None."""
    for tag, _quality in request.accept_languages:
        locale = supported_locale(tag)
        if locale:
            return locale
    return None


def cli_locale():
    """The language of the terminal: the first of LC_ALL, LC_MESSAGES, LANG that is set."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return supported_locale(os.environ[name]) or "en"
    return "en"


def signed_in_user():
    """The request's user (session or bearer token), or None."""
    return current_user if getattr(current_user, "is_authenticated", False) else None


def workspace_setting(user, key):
    """The signed-in user's workspace setting `key` (once per request), or None for visitors."""
    if user is None:
        return None
    from crm_platform.extensions import db
    from crm_platform.models import Tenant
    from crm_platform.workspace.settings import get_setting

    cache = g.setdefault("_workspace_i18n", {})
    if key not in cache:
        tenant = db.session.get(Tenant, user.tenant_id)
        cache[key] = get_setting(tenant, key) if tenant is not None else None
    return cache[key]


def select_locale():
    """Flask-Babel's locale selector (see the module docstring for the order)."""
    if not has_request_context():
        return cli_locale()
    user = signed_in_user()
    if user is not None and supported_locale(user.locale):
        return supported_locale(user.locale)
    if request.path.startswith("/api") and request.headers.get("Accept-Language"):
        return accepted_locale() or workspace_setting(user, "locale") or "en"
    return (supported_locale(session.get(SESSION_KEY)) or workspace_setting(user, "locale")
            or accepted_locale() or "en")


def select_timezone():
    """Flask-Babel's time zone selector: the user's, else the workspace's (UTC outside requests)."""
    if not has_request_context():
        return None
    user = signed_in_user()
    if user is None:
        return None
    return getattr(user, "timezone", None) or workspace_setting(user, "timezone")


def reader_locale(user, tenant_id):
    """The language of what is written for `user` outside a request (jobs, emails): theirs, else the workspace's."""
    from crm_platform.extensions import db
    from crm_platform.models import Tenant
    from crm_platform.workspace.settings import get_setting

    if user is not None and supported_locale(user.locale):
        return supported_locale(user.locale)
    tenant = db.session.get(Tenant, tenant_id)
    workspace = supported_locale(get_setting(tenant, "locale")) if tenant is not None else None
    return workspace or "en"


def signup_settings():
    """Settings of a workspace opened now: Chinese language and China's time zone when signup was in Chinese."""
    from crm_platform.i18n.formatting import current_language

    if has_request_context() and current_language() == "zh_CN":
        return {"locale": "zh_CN", "timezone": "Asia/Shanghai"}
    return {}
