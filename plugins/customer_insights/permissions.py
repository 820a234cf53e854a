"""The module's permissions (granted through crm_permissions).

Seeing figures needs no permission of its own: every figure counts only the
customers the viewer may see (GUIDE.md section 4), so a rep's pyramid is their
own customers and a manager's their unit subtree.
"""
CONFIGURE = "insights.configure"
"""Change the rules (thresholds, segments, layers, strategies) and start a recomputation."""
RECORD = "insights.record"
"""Add, import and delete purchase history rows (of customers the user may see)."""

GRANTS = {
    CONFIGURE: ["admin"],
    RECORD: ["admin", "executive", "manager"],
}
