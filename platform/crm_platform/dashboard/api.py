"""API of the caller's home dashboard: the widgets available to them, choosing and ordering them, resetting."""
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import ValidationError

from crm_platform.api import error_response
from crm_platform.api.auth import login_required
from crm_platform.dashboard.layout import arranged, reset_layout, save_layout, stored_layout
from crm_platform.dashboard.schemas import DashboardLayoutSchema, DashboardSchema
from crm_platform.dashboard.widgets import available_widgets

blp = Blueprint("dashboard_api", __name__, description="The caller's home dashboard: the widgets of the core and "
                "the enabled modules, which of them show and in what order")


def dashboard_of(user):
    """The API's view of `user`'s dashboard: every available widget, placed, and whether the layout is their own."""
    placed = arranged(user, available_widgets(user))
    return {"customized": stored_layout(user) is not None,
            "widgets": [{"key": item.widget.key, "title": item.widget.title, "description": item.widget.description,
                         "default": item.widget.default, "shown": item.shown, "position": item.position}
                        for item in placed]}


@blp.route("/dashboard")
@login_required
@blp.response(200, DashboardSchema)
def dashboard():
    """List the widgets available to the caller: the shown ones top to bottom, then the hidden ones."""
    return dashboard_of(current_user)


@blp.route("/dashboard/layout")
class DashboardLayout(MethodView):
    """The caller's choice of widgets and their order."""

    @login_required
    @blp.arguments(DashboardLayoutSchema)
    @blp.response(200, DashboardSchema)
    def put(self, data):
        """Show exactly these widgets, in this order (422 naming any key not available to the caller)."""
        try:
            save_layout(current_user, data["widgets"], available_widgets(current_user))
        except ValidationError as err:
            return error_response(422, err.messages["widgets"][0], err.messages)
        return dashboard_of(current_user)

    @login_required
    @blp.response(200, DashboardSchema)
    def delete(self):
        """Go back to the default widgets in the default order."""
        reset_layout(current_user)
        return dashboard_of(current_user)
