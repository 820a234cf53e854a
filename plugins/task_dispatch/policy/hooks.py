"""What the policy feature adds to the module's hooks (menu, panels, Today, jobs); gathered by plugin.py."""
from crm_platform.sdk import MenuItem, lazy_gettext as _l

from plugins.task_dispatch.permissions import DISPATCH


def menu_items(user):
    """"Dispatch policy" in the main menu, for whoever dispatches (admins edit it there)."""
    return [MenuItem(_l("Dispatch policy"), "dispatch_policy.index", permission=DISPATCH)]
