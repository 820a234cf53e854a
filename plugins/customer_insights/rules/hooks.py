"""What the rules feature adds to the module's hooks (plugin.py gathers them)."""
from crm_platform.sdk import MenuItem, lazy_gettext as _l

from plugins.customer_insights.permissions import CONFIGURE


def menu_items(user):
    """The Rules page, for those who change the rules (others reach it, read-only, from the insights page)."""
    return [MenuItem(_l("Value rules"), "insights_rules.index", permission=CONFIGURE)]
