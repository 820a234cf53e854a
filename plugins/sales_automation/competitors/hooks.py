"""What the competitors feature adds through the module's hooks (plugin.py gathers these functions).

Its records hang off opportunities, not customers, so a merge of customers leaves them as they are.
"""
from crm_platform.sdk import MenuItem, lazy_gettext as _l


def menu_items(user):
    """The competitor file (and the win/loss record) in the main menu, for everyone signed in."""
    return [MenuItem(_l("Competitors"), "sales_competitors.index")]
