"""Locale-aware formatting for pages and plugins: times in the reader's zone, money, BCP 47 tags."""
from datetime import datetime
from decimal import Decimal

from flask import has_request_context
from flask_babel import format_currency, format_datetime, get_locale

from crm_platform.i18n.catalogues import catalogue_name

DEFAULT_CURRENCY = "CNY"


def current_language():
    """The catalogue name of the current locale ('zh_CN', 'en'); Babel itself says 'zh_Hans_CN'."""
    return catalogue_name(get_locale())


def html_lang():
    """The current locale as a BCP 47 language tag for <html lang> ('zh-CN', 'en')."""
    return current_language().replace("_", "-")


def workspace_currency():
    """The workspace currency (ISO 4217): the signed-in user's workspace's, else the one in scope's; CNY by default.

    A job or a command has no signed-in user: it reads the workspace in scope
    (`tenant_scope`), so a background import stores the same currency a page would.
    """
    from crm_platform.i18n.selection import signed_in_user, workspace_setting

    user = signed_in_user() if has_request_context() else None
    if user is not None:
        return workspace_setting(user, "currency") or DEFAULT_CURRENCY
    return _scoped_workspace_currency() or DEFAULT_CURRENCY


def _scoped_workspace_currency():
    """The currency setting of the workspace in scope, or None outside any."""
    from crm_platform.extensions import db
    from crm_platform.models import Tenant
    from crm_platform.tenancy import current_tenant_id
    from crm_platform.workspace.settings import get_setting

    tenant_id = current_tenant_id()
    tenant = db.session.get(Tenant, tenant_id) if tenant_id is not None else None
    return get_setting(tenant, "currency") if tenant is not None else None


def format_money(amount, currency=None):
    """`amount` (Decimal, int or numeric string) in `currency` or the workspace's, per locale: '¥1,234.50'.

    Floats are refused: money is never a float here (GUIDE.md section 11).
    """
    if amount is None or amount == "":
        return ""
    if isinstance(amount, float):
        raise TypeError("money must be a Decimal, not a float")
    return format_currency(Decimal(amount), currency or workspace_currency())


def format_iso_datetime(value, format="short"):
    """An ISO 8601 UTC timestamp (as job results hold them) in the reader's time zone and locale."""
    if not value:
        return ""
    return format_datetime(datetime.fromisoformat(value), format)
