"""What the reports feature adds through the module's hooks (plugin.py gathers these functions)."""
from crm_platform.sdk import MenuItem, lazy_gettext as _l


def menu_items(user):
    """Reports: the four sales reports of what the user may see."""
    return [MenuItem(_l("Reports"), "sales_reports.index")]
