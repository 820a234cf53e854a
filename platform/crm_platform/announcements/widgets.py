"""The core's announcements box on the home dashboard: current pinned and unread announcements."""
from flask import render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from crm_platform.announcements import service
from crm_platform.modules.contributions import DashboardWidget


def widgets(user):
    """[DashboardWidget("core.announcements")]: `user`'s pinned and unread announcements that have not expired."""

    def render():
        """The box's HTML, read at render time (inside the signed-in user's request)."""
        return Markup(render_template("announcements/_widget.html",
                                      announcements=service.dashboard_announcements(user),
                                      unread_count=service.unread_count(user)))

    return [DashboardWidget("core.announcements", _l("Announcements"), render,
                            description=_l("Pinned and unread announcements to you, until they expire"))]
