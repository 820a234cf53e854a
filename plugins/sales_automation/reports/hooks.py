"""What the reports feature adds through the module's hooks (plugin.py gathers these functions)."""
from crm_platform.sdk import MenuItem, lazy_gettext as _l

from plugins.sales_automation.reports.api import ENDPOINTS


def menu_items(user):
    """Reports: the four sales reports of what the user may see, and the monthly email's subscription page."""
    pages = tuple(f"sales_reports.{endpoint}" for endpoint in ENDPOINTS.values()) + ("sales_report_email.index",)
    return [MenuItem(_l("Reports"), "sales_reports.index", pages=pages)]
