"""The module's permissions and the role it adds (granted through crm_roles and crm_permissions)."""
from crm_platform.sdk import Role, lazy_gettext as _l

CONFIGURE = "sales.configure"
"""Pipelines and stages, web-to-lead forms and the lead assignment rule."""
COMPETITORS = "sales.competitors"
"""Keep the workspace's file of competitors."""
PAYMENTS = "sales.payments"
"""Record payments received (and delete a mistaken one) on any contract the user may see."""

FINANCE = Role("finance", _l("Finance"), "all", frozenset({PAYMENTS}))
"""Accounts receivable staff: see every customer and contract, record payments."""

GRANTS = {
    CONFIGURE: ["admin"],
    COMPETITORS: ["admin", "executive", "manager"],
    PAYMENTS: ["admin", "executive", "manager"],
}
