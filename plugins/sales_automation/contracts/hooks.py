"""What the contracts feature adds through the module's hooks: its menu entry, the customer panel, merges."""
from flask import render_template

from crm_platform.sdk import Markup, MenuItem, Panel, lazy_gettext as _l

from plugins.sales_automation.contracts import service
from plugins.sales_automation.contracts.labels import STATUS_LABELS
from plugins.sales_automation.models import Contract

PANEL_CONTRACTS = 10


def menu_items(user):
    """The Contracts entry of the main menu."""
    return [MenuItem(_l("Contracts"), "sales_contracts.index")]


def customer_panels(customer, user):
    """The customer's contracts (the latest ones the user may see) with their amount and status."""
    contracts = service.contracts_where(user, Contract.customer_id, customer.id, PANEL_CONTRACTS)
    html = render_template("sales_automation/contracts/_panel.html", customer=customer, contracts=contracts,
                           status_labels=STATUS_LABELS)
    return [Panel(title=_l("Contracts"), html=Markup(html))]


def customers_merged(kept, merged_id):
    """The duplicate customer's contracts go to the customer kept."""
    service.customers_merged(kept, merged_id)
