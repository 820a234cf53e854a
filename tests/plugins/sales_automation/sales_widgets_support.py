"""Dashboard widgets of the module as the core frame calls them: in a request of a signed-in user, tenant in scope."""
from contextlib import contextmanager

from flask_login import login_user

from crm_platform.extensions import db
from crm_platform.models import User
from crm_platform.modules.contributions import DashboardWidget
from crm_platform.modules.events import collect
from crm_platform.tenancy import tenant_scope


@contextmanager
def signed_in(app, world, tenant, key):
    """A request of `world`'s user `key` of `tenant`, signed in; yields the User."""
    tw = world[tenant]
    with app.test_request_context("/"), tenant_scope(tw.id, tw.users[key].id):
        user = db.session.get(User, tw.users[key].id)
        login_user(user)
        yield user


def widget_html(app, world, tenant, key, widget_key):
    """The HTML of the widget `widget_key` as the enabled plugins offer it to that user (None when none offers it)."""
    with signed_in(app, world, tenant, key) as user:
        widgets = {widget.key: widget for widget in collect("crm_dashboard_widgets", DashboardWidget, user=user)}
        return str(widgets[widget_key].render()) if widget_key in widgets else None
