"""The monthly team report as an email: subject, plain text and HTML in the reader's language.

The figures are the monthly performance report's (reports/performance.py) for the
month, as the manager may see them: the scope's viewer is the manager, so the
mail never holds more than the reports page would show them. Links are absolute,
under CRM_BASE_URL (there is no request in a job).
"""
from flask import render_template

from crm_platform.sdk import (
    Tenant, current_tenant_id, db, force_locale, format_decimal, format_money, gettext as _, public_url, reader_locale,
    workspace_currency,
)

from plugins.sales_automation.report_email.timing import month_end, month_label
from plugins.sales_automation.reports.performance import monthly_performance
from plugins.sales_automation.reports.scope import ReportScope

REPORT_PAGE = "sales_reports.performance"
"""The monthly performance page; the email links to it with the month as its period."""
TEMPLATES = "sales_automation/report_email/"


def columns():
    """(key, label, kind) of the table's figures in the current language (the reports page's words)."""
    return [("calls", _("Calls"), "count"), ("visits", _("Visits"), "count"), ("emails", _("Emails"), "count"),
            ("meetings", _("Meetings"), "count"), ("new_customers", _("New customers"), "count"),
            ("customers_followed", _("Customers followed"), "count"), ("won_count", _("Opportunities won"), "count"),
            ("won_amount", _("Won amount"), "money"), ("contract_amount", _("Contract amount"), "money"),
            ("collected", _("Amount collected"), "money"), ("attainment", _("Attainment"), "percent")]


def shown(value, kind, currency):
    """One figure as the table shows it: a count, money in the workspace currency, or a percent ("—": no quota)."""
    if kind == "money":
        return format_money(value, currency)
    if kind == "percent":
        return "—" if value is None else format_decimal(value, "#,##0.0") + "%"
    return format_decimal(value)


def table(rows, totals, currency):
    """{"headers", "rows": [(name, [figures])], "totals": [figures]} with every figure formatted."""
    figures = columns()
    return {"headers": [label for _key, label, _kind in figures],
            "rows": [(row["name"], [shown(row[key], kind, currency) for key, _label, kind in figures]) for row in rows],
            "totals": [shown(totals[key], kind, currency) for key, _label, kind in figures]}


def links(month):
    """The report page for `month` and the subscription page, as absolute URLs."""
    return {"report_url": public_url(REPORT_PAGE, **{"from": month.isoformat(), "to": month_end(month).isoformat()}),
            "subscription_url": public_url("sales_report_email.index")}


def report_message(user, month):
    """(subject, text, html) of `user`'s team report for `month` (its first day), in their language."""
    rows, totals = monthly_performance(ReportScope(user, month, month_end(month)))
    tenant = db.session.get(Tenant, current_tenant_id())
    # No signed-in user in a job: the workspace's own setting, else the default currency.
    currency = tenant.settings.get("currency") or workspace_currency()
    locale = reader_locale(user)
    with force_locale(locale):
        label = month_label(month)
        subject = _("%(workspace)s: team performance for %(month)s", workspace=tenant.name, month=label)
        context = {"user": user, "month": label, "workspace": tenant.name, "lang": locale.replace("_", "-"),
                   "table": table(rows, totals, currency),
                   **links(month)}
        return (subject, render_template(TEMPLATES + "mail.txt", **context),
                render_template(TEMPLATES + "mail.html", **context))
