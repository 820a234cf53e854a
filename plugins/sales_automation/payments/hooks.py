"""What the payments feature adds through the module's hooks (plugin.py gathers these functions)."""
from flask import render_template
from sqlalchemy import exists, select

from crm_platform.sdk import (
    DashboardWidget, Markup, MenuItem, Panel, TodaySection, db, lazy_gettext as _l, workspace_today,
)

from plugins.sales_automation.models import Contract
from plugins.sales_automation.payments import ageing, collection
from plugins.sales_automation.payments.overdue import overdue_collections
from plugins.sales_automation.payments.labels import stage_labels
from plugins.sales_automation.payments.queries import contract_visibility

TODAY_ROWS = 50
"""The most collection reminders the Today page lists (the most overdue first)."""


def menu_items(user):
    """Receivables: the ageing of what the user may see."""
    return [MenuItem(_l("Receivables"), "sales_payments.receivables")]


def customer_panels(customer, user):
    """The customer's outstanding balance (and how much is overdue) per currency, when they have contracts."""
    if not db.session.scalar(select(exists().where(Contract.customer_id == customer.id,
                                                   Contract.status != "cancelled", contract_visibility(user)))):
        return []
    balance = ageing.customer_balance(user, customer.id, workspace_today())
    html = render_template("sales_automation/payments/_panel.html", customer=customer, balance=balance)
    return [Panel(_l("Outstanding balance"), Markup(html))]


def today_sections(user, today):
    """The user's open collection reminders; the overdue ones counted."""
    reminders = collection.open_reminders(user, today)
    if not reminders:
        return []
    late = sum(1 for reminder in reminders if reminder["due_date"] < today)
    html = render_template("sales_automation/payments/_today.html", reminders=reminders[:TODAY_ROWS],
                           count=len(reminders), today=today, stages=stage_labels())
    return [TodaySection(_l("Collections"), Markup(html), overdue=late)]


def dashboard_widgets(user):
    """"Overdue collections": the overdue instalments the user may see, most overdue first, totals, receivables."""
    def render():
        """The widget's HTML for the signed-in user, as of the workspace's today."""
        view = overdue_collections(user, workspace_today())
        return Markup(render_template("sales_automation/payments/_widget.html", **view))

    return [DashboardWidget("sales.collections", _l("Overdue collections"), render,
                            description=_l("Instalments past their due date on the contracts you can see."))]


def job_kinds():
    """The daily collection reminders' job."""
    return list(collection.KINDS)


def schedules():
    """The collection reminders, every morning in the workspace's time."""
    return list(collection.SCHEDULES)
