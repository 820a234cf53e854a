"""Issue 8, for plugin authors: two plugins' schemas with one name are a start-up warning, not a silent `Item1`."""
import logging

from flask.views import MethodView
from marshmallow import fields

from crm_platform import create_app, sdk
from crm_platform.extensions import api
from crm_platform.modules.schema_names import schema_name_clashes
from crm_platform.testing import dispose


def _plugin(prefix, schema_name):
    """A plugin whose one API endpoint answers with a schema class called `schema_name`."""
    schema = type(schema_name, (sdk.BaseSchema,), {"title": fields.Str(), "__module__": f"crm_{prefix}.schemas"})
    blp = sdk.ApiBlueprint(f"crm_{prefix}_api", __name__)

    @blp.route(f"/{prefix}")
    class Items(MethodView):
        @blp.response(200, schema)
        def get(self):
            """The items."""
            return {"title": prefix}

    class Plugin:
        @sdk.hookimpl
        def crm_blueprints(self):
            return [blp]

    return Plugin()


def _app(tmp_path, plugins):
    config = {"TESTING": True, "SECRET_KEY": "x", "CRM_THROTTLE_STORAGE_URL": "memory://", "CRM_PLUGINS": plugins,
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    return create_app(config, instance_path=str(tmp_path / "instance"))


def test_two_plugins_item_schemas_are_reported_at_start_up(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="crm.plugins"):
        app = _app(tmp_path, {"crm_apples": _plugin("apples", "ItemSchema"),
                              "crm_pears": _plugin("pears", "ItemSchema")})
    try:
        names = app.test_client().get("/api/openapi.json").json["components"]["schemas"]
        assert {"Item", "Item1"} <= set(names)  # what apispec does on its own, silently
        clashes = schema_name_clashes(api.spec)
        assert list(clashes) == ["Item"]
        warned = [r.getMessage() for r in caplog.records if r.name == "crm.plugins"]
        assert len(warned) == 1
        assert "crm_apples.schemas.ItemSchema" in warned[0] and "crm_pears.schemas.ItemSchema" in warned[0]
        assert "prefix" in warned[0]
    finally:
        dispose(app)


def test_prefixed_names_and_the_core_alone_give_no_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="crm.plugins"):
        app = _app(tmp_path, {"crm_apples": _plugin("apples", "ApplesItemSchema"),
                              "crm_pears": _plugin("pears", "PearsItemSchema")})
    try:
        assert [r for r in caplog.records if r.name == "crm.plugins"] == []
        names = app.test_client().get("/api/openapi.json").json["components"]["schemas"]
        assert {"ApplesItem", "PearsItem"} <= set(names) and not any(name[-1].isdigit() for name in names)
    finally:
        dispose(app)
