"""What the purchases feature adds to the module's hooks (plugin.py gathers them): its import kind, menu entry,
customer panel, merges, and the sales module's payment events."""
from flask import render_template

from crm_platform.sdk import (
    Markup, MenuItem, Panel, can_manage_customer, has_permission, lazy_gettext as _l, workspace_currency,
    workspace_today,
)

from plugins.customer_insights.permissions import RECORD
from plugins.customer_insights.purchases import numbers, queries, service
from plugins.customer_insights.purchases.import_kind import PurchaseImport
from plugins.customer_insights.purchases.labels import source_labels


def import_kinds():
    """Purchase history from CSV and .xlsx (`customer_insights_purchases`)."""
    return [PurchaseImport()]


def menu_items(user):
    """"Purchase history": the purchases of the customers the user may see."""
    return [MenuItem(_l("Purchase history"), "insights_purchases.index")]


def customer_panels(customer, user):
    """The customer's latest purchases, the form to add one, and its external number."""
    html = render_template("customer_insights/purchases/_panel.html", customer=customer,
                           purchases=queries.latest_purchases(customer.id), number=numbers.number_of(customer.id),
                           may_record=has_permission(user, RECORD), may_manage=can_manage_customer(user, customer.id),
                           sources=source_labels(), today=workspace_today(), currency=workspace_currency())
    return [Panel(_l("Purchase history"), Markup(html))]


def customers_merged(kept, merged_id):
    """The duplicate's purchases go to the customer kept; its number too, unless the kept one has its own."""
    service.move_purchases(kept.id, merged_id)
    numbers.move_number(kept.id, merged_id)


def payment_recorded(payment_id, customer_id, received_on, amount, currency, contract_number):
    """One purchase per payment the sales module records (source "sales_payment"); a repeat changes nothing."""
    service.payment_recorded(payment_id, customer_id, received_on, amount, currency, contract_number)


def payment_deleted(payment_id):
    """A payment deleted in sales takes its purchase with it."""
    service.payment_deleted(payment_id)
