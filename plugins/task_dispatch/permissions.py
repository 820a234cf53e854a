"""The module's permissions and the role it adds (granted through crm_roles and crm_permissions)."""
from crm_platform.sdk import Role, lazy_gettext as _l

CONFIGURE = "dispatch.configure"
"""The dispatch policy, and the skill and resource catalogues."""
DISPATCH = "dispatch.dispatch"
"""Create tasks for others, assign and reassign them, run batch optimisation, see workload and fairness."""
PROFILES = "dispatch.profiles"
"""Edit employee profiles: admins every profile, managers those in their unit's subtree."""

DISPATCHER = Role("dispatcher", _l("Dispatcher"), "all", frozenset({DISPATCH}))
"""Plans the work: sees every customer and task, assigns and batch-optimises."""

GRANTS = {
    CONFIGURE: ["admin"],
    DISPATCH: ["admin", "executive", "manager"],
    PROFILES: ["admin", "manager"],
}
