"""API for the workspace's modules: the installed plugins, which ones are on, and their settings."""
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from crm_platform.api.auth import login_required, permission_required
from crm_platform.extensions import db
from crm_platform.modules.schemas import (
    ModulePageSchema, ModuleSchema, ModuleUpdateSchema, describe_module, installed_modules, installed_record,
)
from crm_platform.modules.state import module_row, set_module
from crm_platform.roles import has_permission

blp = Blueprint("modules_api", __name__, description="Modules: plugins each workspace turns on or off")


def _may_see_settings():
    """Settings may hold secrets (API keys): only those who may change them may read them."""
    return has_permission(current_user, "modules.manage")


@blp.route("/modules")
class Modules(MethodView):
    """The installed plugins."""

    @login_required
    @blp.response(200, ModulePageSchema)
    def get(self):
        """List every installed plugin (broken ones with their error) and its state in this workspace.

        `settings` is null unless the caller has the modules.manage permission.
        """
        return {"items": installed_modules(_may_see_settings()), "next_cursor": None}


@blp.route("/modules/<name>")
class ModuleItem(MethodView):
    """One installed plugin."""

    @login_required
    @blp.response(200, ModuleSchema)
    def get(self, name):
        """Read one plugin and its state in this workspace (`settings` null without modules.manage)."""
        return describe_module(installed_record(name), module_row(name), _may_see_settings())

    @permission_required("modules.manage")
    @blp.arguments(ModuleUpdateSchema)
    @blp.response(200, ModuleSchema)
    def put(self, data, name):
        """Enable or disable a plugin: 409 when broken or a dependency stands in the way, 422 for bad settings."""
        record = installed_record(name)
        try:
            row = set_module(name, data["enabled"], data.get("settings"))
        except ValidationError as err:
            db.session.rollback()
            if record.settings_schema is None:
                raise
            raise ValidationError({"settings": err.messages}) from err
        except HTTPException:
            # set_module may have changed the row before refusing; none of it may be written.
            db.session.rollback()
            raise
        return describe_module(record, row)
