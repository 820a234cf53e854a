"""What the quotes feature adds through the module's hooks: its menu entry, and quotes following a merge."""
from crm_platform.sdk import MenuItem, lazy_gettext as _l

from plugins.sales_automation.quotes import service


def menu_items(user):
    """The Quotes entry of the main menu."""
    return [MenuItem(_l("Quotes"), "sales_quotes.index")]


def customers_merged(kept, merged_id):
    """The duplicate customer's quotes go to the customer kept."""
    service.customers_merged(kept, merged_id)
