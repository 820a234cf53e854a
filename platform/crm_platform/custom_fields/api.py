"""Custom fields API: definitions (everyone reads, admins change) and a per-workspace JSON Schema of the values."""
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields
from sqlalchemy import select

from crm_platform.api.auth import login_required, permission_required
from crm_platform.custom_fields import service
from crm_platform.custom_fields.entities import entities
from crm_platform.custom_fields.schemas import (
    CustomFieldListSchema, CustomFieldQuerySchema, CustomFieldSchema, json_schema,
)
from crm_platform.custom_fields.currency import workspace_currency
from crm_platform.custom_fields.values import definitions
from crm_platform.extensions import db
from crm_platform.models import CustomFieldDefinition
from crm_platform.schemas import BaseSchema

blp = Blueprint("custom_fields_api", __name__, description="Custom fields of customers, contacts and module records")


class CustomFieldEntitySchema(BaseSchema):
    """A kind of record custom fields can be added to."""

    key = fields.Str()
    label = fields.Str()
    fields_ = fields.Int(data_key="fields", attribute="fields", metadata={"description": "how many it has"})


@blp.route("/custom-fields")
class CustomFields(MethodView):
    """The custom fields of one entity."""

    @login_required
    @blp.arguments(CustomFieldQuerySchema, location="query")
    @blp.response(200, CustomFieldListSchema)
    def get(self, args):
        """List the fields of an entity (customer by default), in display order."""
        service.check_entity(args["entity"])
        items = db.session.scalars(select(CustomFieldDefinition).where(
            CustomFieldDefinition.entity == args["entity"])
            .order_by(CustomFieldDefinition.position, CustomFieldDefinition.id)).all()
        return {"items": items}

    @permission_required("workspace.manage")
    @blp.arguments(CustomFieldSchema)
    @blp.response(201, CustomFieldSchema)
    def post(self, data):
        """Add a field (admins)."""
        return service.create_definition(data)


@blp.route("/custom-fields/schema")
@login_required
@blp.arguments(CustomFieldQuerySchema, location="query")
@blp.response(200, description="a JSON Schema (2020-12) document")
def schema(args):
    """The JSON Schema of the `custom_fields` object of an entity's records in this workspace."""
    service.check_entity(args["entity"])
    return json_schema(args["entity"], workspace_currency())


@blp.route("/custom-fields/entities")
@login_required
@blp.response(200, CustomFieldEntitySchema(many=True))
def entity_list():
    """The entities fields can be added to: customer, contact and the workspace's modules' records."""
    return [{"key": entity.key, "label": str(entity.label), "fields": len(definitions(entity.key))}
            for entity in entities().values()]


@blp.route("/custom-fields/<int:field_id>")
class CustomFieldItem(MethodView):
    """One custom field definition."""

    @login_required
    @blp.response(200, CustomFieldSchema)
    def get(self, field_id):
        """Read a field."""
        return service.definition_or_404(field_id)

    @permission_required("workspace.manage")
    @blp.arguments(CustomFieldSchema(partial=True))
    @blp.response(200, CustomFieldSchema)
    def patch(self, data, field_id):
        """Change a field's label, required, default, choices or position (its type only while no value exists)."""
        return service.update_definition(service.definition_or_404(field_id), data)

    @permission_required("workspace.manage")
    @blp.response(204)
    def delete(self, field_id):
        """Delete a field and all its values."""
        service.delete_definition(service.definition_or_404(field_id))
