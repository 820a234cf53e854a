"""Modules declare custom fields on their own records (crm_custom_field_entities) and use them through the SDK."""
import pytest
from flask.views import MethodView
from sqlalchemy import select

from crm_platform import sdk


class NoteSchema(sdk.BaseSchema):
    """A module's record with custom fields: only its values here."""

    custom_fields = sdk.CustomFields("cfnotes.note")


def notes_api():
    """An API storing custom field values of the module's notes (the notes themselves are left out)."""
    api = sdk.ApiBlueprint("cfnotes_api", __name__)

    @api.route("/cfnotes/<int:note_id>")
    class Note(MethodView):
        """One note's custom fields."""

        decorators = [sdk.api_login_required]

        @api.response(200, NoteSchema)
        def get(self, note_id):
            """Read a note's values."""
            return {"custom_fields": sdk.custom_field_values("cfnotes.note", note_id)}

        @api.arguments(NoteSchema)
        @api.response(200, NoteSchema)
        def put(self, data, note_id):
            """Store a new note's values: defaults filled in, required ones enforced."""
            sdk.save_custom_fields("cfnotes.note", note_id, data.get("custom_fields"), new=True)
            sdk.db.session.commit()
            return {"custom_fields": sdk.custom_field_values("cfnotes.note", note_id)}

        @api.response(204)
        def delete(self, note_id):
            """Delete a note's values (the module deletes the note)."""
            sdk.delete_custom_field_values("cfnotes.note", [note_id])
            sdk.db.session.commit()

    return api


class Notes:
    """A module whose notes take custom fields."""

    @sdk.hookimpl
    def crm_custom_field_entities(self):
        return [sdk.CustomFieldEntity("cfnotes.note", sdk.lazy_gettext("Notes"))]

    @sdk.hookimpl
    def crm_blueprints(self):
        return [notes_api()]


class BadEntity:
    """A module declaring an entity without its prefix: refused, logged, and the others still work."""

    @sdk.hookimpl
    def crm_custom_field_entities(self):
        return [sdk.CustomFieldEntity("note", "Bare")]


@pytest.mark.app_config(CRM_PLUGINS={"cfnotes": Notes(), "badentity": BadEntity()})
def test_hook_crm_custom_field_entities(world, enable_plugin, api_client, page_client, caplog):
    enable_plugin("acme", "cfnotes")
    enable_plugin("acme", "badentity")
    admin = api_client("acme", "admin")
    entities = {item["key"]: item["label"] for item in admin.get("/api/v1/custom-fields/entities").get_json()}
    assert entities == {"customer": "Customers", "contact": "Contacts", "cfnotes.note": "Notes"}
    assert "plugin badentity failed in crm_custom_field_entities" in caplog.text
    made = admin.post("/api/v1/custom-fields", json={"entity": "cfnotes.note", "key": "mood", "label": "Mood",
                                                     "type": "choice", "choices": ["happy", "sad"], "required": True})
    assert made.status_code == 201
    admin.post("/api/v1/custom-fields", json={"entity": "cfnotes.note", "key": "score", "label": "Score",
                                              "type": "number", "default": 3})
    assert "Notes" in page_client("acme", "admin").get("/admin/custom-fields/").get_data(as_text=True)
    schema = admin.get("/api/v1/custom-fields/schema?entity=cfnotes.note").get_json()
    assert schema["required"] == ["mood"] and schema["properties"]["mood"]["enum"] == ["happy", "sad"]

    rep = api_client("acme", "rep_n1")
    missing = rep.put("/api/v1/cfnotes/7", json={"custom_fields": {}})
    assert missing.status_code == 422 and "mood" in missing.get_json()["error"]["fields"]["custom_fields"]
    bad = rep.put("/api/v1/cfnotes/7", json={"custom_fields": {"mood": "angry"}})
    assert bad.status_code == 422 and "mood" in bad.get_json()["error"]["fields"]["custom_fields"]
    stored = rep.put("/api/v1/cfnotes/7", json={"custom_fields": {"mood": "Happy"}})
    assert stored.status_code == 200 and stored.get_json()["custom_fields"] == {"mood": "happy", "score": "3"}
    assert rep.get("/api/v1/cfnotes/7").get_json()["custom_fields"] == {"mood": "happy", "score": "3"}
    # Customer fields are not note fields, nor the other way round.
    assert rep.put("/api/v1/cfnotes/8", json={"custom_fields": {"mood": "sad", "grade": "A"}}).status_code == 422
    assert rep.delete("/api/v1/cfnotes/7").status_code == 204
    assert rep.get("/api/v1/cfnotes/7").get_json()["custom_fields"] == {"mood": None, "score": None}

    # A workspace without the module cannot add fields to its records.
    refused = api_client("globex", "admin").post("/api/v1/custom-fields", json={
        "entity": "cfnotes.note", "key": "mood", "label": "Mood", "type": "text"})
    assert refused.status_code == 422 and "entity" in refused.get_json()["error"]["fields"]
    # Turned off, the entity is gone from the list, and its fields stay for when it is on again.
    enable_plugin("acme", "cfnotes", enabled=False)
    assert "cfnotes.note" not in {item["key"] for item in admin.get("/api/v1/custom-fields/entities").get_json()}
    enable_plugin("acme", "cfnotes")
    listed = admin.get("/api/v1/custom-fields?entity=cfnotes.note").get_json()["items"]
    assert [item["key"] for item in listed] == ["mood", "score"]


def test_the_sdk_filters_any_records_by_custom_fields(app, world, api_client, tenant_session):
    from marshmallow import ValidationError

    from crm_platform.models import Customer

    admin = api_client("acme", "admin")
    admin.patch(f"/api/v1/customers/{world.acme.customers['n2'].id}", json={"custom_fields": {"grade": "C"}})
    with app.test_request_context(), tenant_session("acme") as session:
        stmt = sdk.filter_by_custom_fields(select(Customer.name), Customer.id, "customer", {"cf_grade": "c"})
        assert session.scalars(stmt).all() == ["Gamma Tools"]
        with pytest.raises(ValidationError) as refused:
            sdk.filter_by_custom_fields(select(Customer.name), Customer.id, "customer", {"cf_grade": "Q"})
        assert "cf_grade" in refused.value.messages
