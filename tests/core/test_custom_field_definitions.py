"""Custom field definitions: admins add, change and delete them (API and pages); the JSON Schema describes them."""
import pytest
from sqlalchemy import func, select

from crm_platform.models import CustomFieldDefinition, CustomFieldValue

ALL_TYPES = [
    {"key": "nickname", "label": "Nickname", "type": "text"},
    {"key": "employees", "label": "Employees", "type": "number"},
    {"key": "budget", "label": "Budget", "type": "money", "default": "1000"},
    {"key": "signed_on", "label": "Signed on", "type": "date"},
    {"key": "size", "label": "Size", "type": "choice", "choices": ["S", "M", "L"], "required": True, "default": "M"},
    {"key": "channels", "label": "Channels", "type": "multi_choice", "choices": ["web", "phone", "shop"]},
    {"key": "advisor", "label": "Advisor", "type": "user"},
    {"key": "key_account", "label": "Key account", "type": "yes_no"},
]


def create(client, **body):
    return client.post("/api/v1/custom-fields", json=body)


def test_an_admin_adds_a_field_of_every_type_and_everyone_reads_them(world, api_client):
    admin = api_client("acme", "admin")
    for body in ALL_TYPES:
        response = create(admin, **body)
        assert response.status_code == 201, response.get_json()
        assert response.get_json()["entity"] == "customer"
    assert response.get_json()["position"] == len(ALL_TYPES)  # each new field goes last
    listed = api_client("acme", "rep_n1").get("/api/v1/custom-fields").get_json()["items"]
    assert [item["key"] for item in listed] == ["grade"] + [body["key"] for body in ALL_TYPES]
    budget = next(item for item in listed if item["key"] == "budget")
    assert budget["default"] == "1000.00" and budget["type"] == "money"
    # The other workspace has only its own field.
    assert [item["key"] for item in api_client("globex", "admin").get("/api/v1/custom-fields").get_json()["items"]] \
        == ["grade"]


@pytest.mark.parametrize("body, field", [
    ({"key": "Bad Key", "label": "X", "type": "text"}, "key"),
    ({"key": "x", "label": "X", "type": "colour"}, "type"),
    ({"key": "x", "label": "", "type": "text"}, "label"),
    ({"key": "x", "label": "X", "type": "choice"}, "choices"),
    ({"key": "x", "label": "X", "type": "choice", "choices": ["a", "A"]}, "choices"),
    ({"key": "x", "label": "X", "type": "text", "choices": ["a"]}, "choices"),
    ({"key": "x", "label": "X", "type": "number", "default": "many"}, "default"),
    ({"key": "x", "label": "X", "type": "choice", "choices": ["a"], "default": "b"}, "default"),
    ({"key": "x", "label": "X", "type": "user", "default": 999999}, "default"),
    ({"key": "grade", "label": "Again", "type": "text"}, "key"),
    ({"key": "x", "label": "X", "type": "text", "entity": "invoices"}, "entity"),
])
def test_bad_definitions_are_field_errors(world, api_client, body, field):
    response = create(api_client("acme", "admin"), **body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]


def test_only_admins_change_definitions(world, api_client):
    rep = api_client("acme", "rep_n1")
    assert create(rep, key="x", label="X", type="text").status_code == 403
    assert rep.patch(f"/api/v1/custom-fields/{world.acme.field_id}", json={"label": "Y"}).status_code == 403
    assert rep.delete(f"/api/v1/custom-fields/{world.acme.field_id}").status_code == 403
    assert rep.get(f"/api/v1/custom-fields/{world.acme.field_id}").status_code == 200


def test_a_type_cannot_change_once_values_exist_and_used_choices_stay(world, api_client, tenant_session):
    admin = api_client("acme", "admin")
    url = f"/api/v1/custom-fields/{world.acme.field_id}"
    # No values yet: the type may change, and back.
    assert admin.patch(url, json={"type": "multi_choice"}).status_code == 200
    assert admin.patch(url, json={"type": "choice"}).status_code == 200
    customer = world.acme.customers["n1_alpha"].id
    assert admin.patch(f"/api/v1/customers/{customer}", json={"custom_fields": {"grade": "B"}}).status_code == 200
    refused = admin.patch(url, json={"type": "text"})
    assert refused.status_code == 422 and "type" in refused.get_json()["error"]["fields"]
    refused = admin.patch(url, json={"choices": ["A", "C"]})
    assert refused.status_code == 422 and "B" in refused.get_json()["error"]["fields"]["choices"][0]
    assert admin.patch(url, json={"choices": ["A", "B", "C", "D"], "label": "Rank"}).status_code == 200
    assert admin.patch(url, json={"key": "rank"}).status_code == 422
    assert admin.get(f"/api/v1/customers/{customer}").get_json()["custom_fields"] == {"grade": "B"}


def test_deleting_a_field_deletes_its_values_in_one_go(world, api_client, tenant_session):
    admin = api_client("acme", "admin")
    customer = world.acme.customers["n1_alpha"].id
    admin.patch(f"/api/v1/customers/{customer}", json={"custom_fields": {"grade": "A"}})
    assert admin.delete(f"/api/v1/custom-fields/{world.acme.field_id}").status_code == 204
    with tenant_session("acme") as session:
        assert session.scalar(select(func.count()).select_from(CustomFieldValue)) == 0
        assert session.get(CustomFieldDefinition, world.acme.field_id) is None
    assert admin.get(f"/api/v1/customers/{customer}").get_json()["custom_fields"] == {}
    assert admin.get(f"/api/v1/custom-fields/{world.acme.field_id}").status_code == 404


def test_the_json_schema_describes_the_workspaces_fields(world, api_client):
    admin = api_client("acme", "admin")
    for body in ALL_TYPES:
        create(admin, **body)
    schema = api_client("acme", "rep_n1").get("/api/v1/custom-fields/schema").get_json()
    assert schema["$schema"].endswith("2020-12/schema") and schema["additionalProperties"] is False
    props = schema["properties"]
    assert props["size"]["enum"] == ["S", "M", "L"] and schema["required"] == ["size"]
    assert props["channels"]["items"]["enum"] == ["web", "phone", "shop"]
    assert props["budget"]["x-currency"] == "CNY" and props["budget"]["default"] == "1000.00"
    assert props["signed_on"]["format"] == "date" and props["advisor"]["type"] == ["integer", "null"]
    assert props["key_account"]["type"] == ["boolean", "null"]
    contact = admin.get("/api/v1/custom-fields/schema?entity=contact").get_json()
    assert contact["properties"] == {}
    assert admin.get("/api/v1/custom-fields/schema?entity=nothing").status_code == 422
    entities = {item["key"]: item["fields"] for item in admin.get("/api/v1/custom-fields/entities").get_json()}
    assert entities == {"customer": 9, "contact": 0}


def test_the_openapi_document_lists_the_routes_and_the_property(app, world, api_client):
    spec = api_client("acme", "admin").get("/api/openapi.json").get_json()
    assert "/api/v1/custom-fields/schema" in spec["paths"] and "/api/v1/custom-fields/{field_id}" in spec["paths"]
    assert spec["components"]["schemas"]["Customer"]["properties"]["custom_fields"]["type"] == "object"


def test_the_admin_page_adds_changes_and_deletes_a_field(world, page_client, tenant_session):
    admin = page_client("acme", "admin")
    page = admin.get("/admin/custom-fields/")
    assert page.status_code == 200 and "Grade" in page.get_data(as_text=True)
    assert 'href="/admin/custom-fields/"' in admin.get("/admin/workspace/").get_data(as_text=True)
    refused = admin.post("/admin/custom-fields/new", data={"entity": "customer", "key": "tier", "label": "Tier",
                                                           "type": "choice", "choices": ""})
    assert refused.status_code == 422 and "at least one choice" in refused.get_data(as_text=True)
    added = admin.post("/admin/custom-fields/new", data={"entity": "contact", "key": "tier", "label": "Tier",
                                                         "type": "choice", "choices": "Gold\nSilver\n", "required": "1",
                                                         "default": "silver"})
    assert added.status_code == 302
    with tenant_session("acme") as session:
        tier = session.scalar(select(CustomFieldDefinition).where(CustomFieldDefinition.key == "tier"))
        assert (tier.entity, tier.choices, tier.required, tier.default) == ("contact", ["Gold", "Silver"], True,
                                                                           "Silver")
        tier_id = tier.id
    form = admin.get(f"/admin/custom-fields/{tier_id}/edit").get_data(as_text=True)
    assert "Gold\nSilver" in form
    saved = admin.post(f"/admin/custom-fields/{tier_id}/edit", data={
        "entity": "contact", "key": "tier", "label": "Level", "type": "choice", "choices": "Gold\nSilver\nBronze"})
    assert saved.status_code == 302
    with tenant_session("acme") as session:
        tier = session.get(CustomFieldDefinition, tier_id)
        assert (tier.label, tier.required, len(tier.choices)) == ("Level", False, 3)
    assert admin.post(f"/admin/custom-fields/{tier_id}/delete").status_code == 302
    assert f"/admin/custom-fields/{tier_id}/edit" not in admin.get("/admin/custom-fields/").get_data(as_text=True)


def test_the_admin_pages_are_for_admins(world, page_client):
    rep = page_client("acme", "rep_n1")
    assert rep.get("/admin/custom-fields/").status_code == 403
    assert rep.post("/admin/custom-fields/new", data={"key": "x", "label": "X", "type": "text"}).status_code == 403


def test_the_demo_workspace_has_custom_fields_with_values(app):
    from crm_platform.extensions import db
    from crm_platform.models import Tenant
    from crm_platform.tenancy import tenant_scope, unscoped
    from tenants.demo import create_demo

    lines = []
    with app.app_context():
        create_demo(customers=40, echo=lines.append)
        with unscoped("test reads the demo tenant"):
            tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == "demo"))
        with tenant_scope(tenant_id):
            keys, labels = zip(*db.session.execute(select(CustomFieldDefinition.key, CustomFieldDefinition.label)
                                                   .order_by(CustomFieldDefinition.position)).all())
            counts = dict(db.session.execute(select(CustomFieldValue.entity, func.count())
                                             .group_by(CustomFieldValue.entity)).all())
    assert list(keys) == ["intent", "annual_purchases", "channels", "decision_maker"]
    assert labels[0] == "Interest"  # an English demo's fields are English; the Chinese one's Chinese
    assert counts["customer"] > 40 and counts["contact"] > 0
    assert any("4 custom fields" in line for line in lines)
