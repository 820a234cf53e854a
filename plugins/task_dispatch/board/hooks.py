"""What the board feature adds to the module's hooks: the "Dispatch" entry of the main menu."""
from crm_platform.sdk import MenuItem, has_permission, lazy_gettext as _l

from plugins.task_dispatch.permissions import DISPATCH


def menu_items(user):
    """"Dispatch" (the dispatch board) for those who may dispatch."""
    return [MenuItem(_l("Dispatch"), "dispatch_board.index")] if has_permission(user, DISPATCH) else []
