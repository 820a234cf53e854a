"""The main menu: core entries filtered by permission (plugins add theirs later)."""
from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm_platform.roles import has_permission


@dataclass
class MenuItem:
    """One entry of the main menu."""

    label: str
    endpoint: str
    permission: str | None = None
    # The entry's other pages, for a blueprint that serves several entries;
    # without them every page of the entry's blueprint counts as the entry's.
    pages: tuple = ()

    @property
    def url(self):
        """Where the entry links to."""
        return url_for(self.endpoint)

    @property
    def active(self):
        """True on the entry's own pages."""
        endpoint = request.endpoint or ""
        if self.pages:
            return endpoint == self.endpoint or endpoint in self.pages
        return endpoint.split(".")[0] == self.endpoint.split(".")[0]


CORE_MENU = [
    MenuItem(_l("Dashboard"), "dashboard.index"),
    MenuItem(_l("Today"), "reminders.today"),
    MenuItem(_l("Customers"), "customers.index"),
    MenuItem(_l("Pool"), "pool.index"),
    MenuItem(_l("Announcements"), "announcements.index"),
    MenuItem(_l("Work logs"), "work_logs.index"),
    MenuItem(_l("Jobs"), "jobs.index"),
    MenuItem(_l("Users"), "org.users", "users.manage", pages=("org.new_user", "org.edit_user")),
    MenuItem(_l("Org units"), "org.units", "units.manage", pages=("org.create_unit", "org.edit_unit")),
    MenuItem(_l("Audit"), "audit.index", "audit.view"),
    MenuItem(_l("Modules"), "modules.index", "modules.manage"),
    MenuItem(_l("Workspace"), "workspace.settings", "workspace.manage", pages=("calendar.settings",)),
]


def main_menu():
    """The menu entries the signed-in user may use: the core's, then the tenant's plugins'."""
    from crm_platform.modules.events import collect

    items = CORE_MENU + collect("crm_menu_items", MenuItem, valid=_links_somewhere, user=current_user)
    return [item for item in items if item.permission is None or has_permission(current_user, item.permission)]


def _links_somewhere(item):
    """Refuse a plugin menu entry whose endpoint does not exist (it would break every page)."""
    if item.endpoint not in current_app.view_functions:
        raise LookupError(f"menu item {item.label!s} links to unknown endpoint {item.endpoint!r}")


def init_app(app):
    """Make `main_menu()` available to every template."""
    app.jinja_env.globals["main_menu"] = main_menu
