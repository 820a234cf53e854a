"""The module's permissions and the role it adds (granted through crm_roles and crm_permissions)."""
from crm_platform.sdk import Role, lazy_gettext as _l

CONFIGURE = "sales.configure"
"""Pipelines and stages, web-to-lead forms and the lead assignment rule."""
COMPETITORS = "sales.competitors"
"""Keep the workspace's file of competitors."""
PAYMENTS = "sales.payments"
"""Record payments received (and delete a mistaken one) on any contract the user may see."""
QUOTAS = "sales.quotas"
"""Set the monthly quotas of the reps in the user's remit (their unit's subtree; everyone's for all-scope roles)."""
FORECAST_ADJUST = "sales.forecast_adjust"
"""Adjust the forecast of a rep or unit in the user's remit, with a note (the computed figure is kept)."""

FINANCE = Role("finance", _l("Finance"), "all", frozenset({PAYMENTS}))
"""Accounts receivable staff: see every customer and contract, record payments."""

GRANTS = {
    CONFIGURE: ["admin"],
    COMPETITORS: ["admin", "executive", "manager"],
    PAYMENTS: ["admin", "executive", "manager"],
    QUOTAS: ["admin", "executive", "manager"],
    FORECAST_ADJUST: ["admin", "executive", "manager"],
}
