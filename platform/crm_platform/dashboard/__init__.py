"""The home dashboard people land on after signing in: widgets from the core and every enabled module.

Contract: the hook `crm_dashboard_widgets(user)` returns `DashboardWidget(key, title, render, description,
default)` (modules/contributions.py); each user's chosen keys and their order live in `DashboardLayout`.
The core's own widgets (announcements, today's reminders, recent customers) come from the modules listed in
`widgets.CORE_WIDGET_MODULES`, gathered and contained the same way as the modules' (docs/dashboard.md).
"""
