"""The home dashboard people land on after signing in: widgets from the core and every enabled module.

Contract: the hook `crm_dashboard_widgets(user)` returns `DashboardWidget(key, title, render, description,
default)` (modules/contributions.py); each user's chosen keys and their order live in `DashboardLayout`.
The core's own widgets (today's reminders, recent customers, announcements) come through the same hook
from `widgets.py`, so the core is one contributor among the modules.
"""
