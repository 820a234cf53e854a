"""API for the workspace's modules: the installed plugins, which ones are on, and their settings."""
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from crm_platform.api.auth import login_required, permission_required
from crm_platform.extensions import db
from crm_platform.modules.schemas import (
    ModulePageSchema, ModuleSchema, ModuleUpdateSchema, describe_module, installed_modules, installed_record,
)
from crm_platform.modules.state import module_row, set_module

blp = Blueprint("modules_api", __name__, description="Modules: plugins each workspace turns on or off")


@blp.route("/modules")
class Modules(MethodView):
    """The installed plugins."""

    @login_required
    @blp.response(200, ModulePageSchema)
    def get(self):
        """List every installed plugin (broken ones with their error) and its state in this workspace."""
        return {"items": installed_modules(), "next_cursor": None}


@blp.route("/modules/<name>")
class ModuleItem(MethodView):
    """One installed plugin."""

    @login_required
    @blp.response(200, ModuleSchema)
    def get(self, name):
        """Read one plugin and its state in this workspace."""
        return describe_module(installed_record(name), module_row(name))

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
