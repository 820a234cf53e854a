"""Custom field values on customers and contacts: the API, the pages, list filters and columns, visibility."""
import pytest
from sqlalchemy import func, select

from crm_platform.models import CustomFieldValue

FIELDS = [
    {"key": "nickname", "label": "Nickname", "type": "text"},
    {"key": "employees", "label": "Employees", "type": "number"},
    {"key": "budget", "label": "Budget", "type": "money"},
    {"key": "signed_on", "label": "Signed on", "type": "date"},
    {"key": "size", "label": "Size", "type": "choice", "choices": ["S", "M", "L"], "default": "M"},
    {"key": "channels", "label": "Channels", "type": "multi_choice", "choices": ["web", "phone", "shop"]},
    {"key": "advisor", "label": "Advisor", "type": "user"},
    {"key": "key_account", "label": "Key account", "type": "yes_no"},
]


@pytest.fixture
def fields(world, api_client):
    """Acme's customers get one field of every type (besides the world's grade)."""
    admin = api_client("acme", "admin")
    for body in FIELDS:
        assert admin.post("/api/v1/custom-fields", json=body).status_code == 201
    return admin


def good_values(world):
    return {"nickname": "  大客户 ", "employees": "1,200", "budget": 99.5, "signed_on": "2024/03/05",
            "size": "l", "channels": ["shop", "web"], "advisor": world.acme.users["rep_n2"].id, "key_account": "是"}


def test_every_type_is_stored_and_read_back_normalised(world, fields):
    created = fields.post("/api/v1/customers", json={"name": "Typed Co", "custom_fields": good_values(world)})
    assert created.status_code == 201, created.get_json()
    expected = {"grade": None, "nickname": "大客户", "employees": "1200", "budget": "99.50", "signed_on": "2024-03-05",
                "size": "L", "channels": ["web", "shop"], "advisor": world.acme.users["rep_n2"].id,
                "key_account": True}
    assert created.get_json()["custom_fields"] == expected
    customer_id = created.get_json()["id"]
    assert fields.get(f"/api/v1/customers/{customer_id}").get_json()["custom_fields"] == expected
    # A PATCH changes only the fields it names; null clears one.
    patched = fields.patch(f"/api/v1/customers/{customer_id}", json={"custom_fields": {"channels": [], "nickname": None,
                                                                                        "employees": 7}})
    assert patched.status_code == 200
    assert patched.get_json()["custom_fields"] == {**expected, "channels": [], "nickname": None, "employees": "7"}
    listed = fields.get("/api/v1/customers?q=Typed").get_json()["items"][0]
    assert listed["custom_fields"]["budget"] == "99.50"


@pytest.mark.parametrize("key, value", [
    ("nickname", 12), ("nickname", "x" * 256), ("employees", "many"), ("employees", True), ("employees", "1e30"),
    ("employees", "0.0000001"), ("budget", "12.345"), ("budget", "NaN"), ("signed_on", "someday"),
    ("signed_on", "1700-01-01"), ("size", "XL"), ("channels", ["web", "fax"]), ("channels", 3),
    ("advisor", 999999), ("advisor", "nobody@example.test"), ("key_account", "perhaps"), ("unknown", "x"),
])
def test_bad_values_are_field_errors_and_write_nothing(world, fields, tenant_session, key, value):
    response = fields.post("/api/v1/customers", json={"name": "Bad Co", "custom_fields": {key: value}})
    assert response.status_code == 422, response.get_json()
    problem = response.get_json()["error"]["fields"]["custom_fields"]
    assert list(problem) == [key] and problem[key][0]
    customer = world.acme.customers["n1_alpha"].id
    assert fields.patch(f"/api/v1/customers/{customer}", json={"custom_fields": {key: value}}).status_code == 422
    assert fields.get("/api/v1/customers?q=Bad Co").get_json()["items"] == []
    with tenant_session("acme") as session:
        assert session.scalar(select(func.count()).select_from(CustomFieldValue)) == 0


def test_a_user_from_another_workspace_is_refused_and_a_deactivated_one_is_kept(world, fields, tenant_session,
                                                                              page_client):
    from crm_platform.models import User

    other = world.globex.users["admin"].id
    response = fields.post("/api/v1/customers", json={"name": "X", "custom_fields": {"advisor": other}})
    assert response.status_code == 422
    assert "No user of this workspace" in response.get_json()["error"]["fields"]["custom_fields"]["advisor"][0]
    customer = world.acme.customers["n1_alpha"].id
    rep_n2 = world.acme.users["rep_n2"].id
    assert fields.patch(f"/api/v1/customers/{customer}", json={"custom_fields": {"advisor": rep_n2}}).status_code == 200
    with tenant_session("acme") as session:
        session.get(User, rep_n2).active = False
        session.commit()
    # The edit form still shows them, and saving it unchanged keeps them.
    page = page_client("acme", "rep_n1")
    form = page.get(f"/customers/{customer}/edit").get_data(as_text=True)
    assert f'<option value="{rep_n2}" selected>Rep N2</option>' in form
    new_form = page.get("/customers/new").get_data(as_text=True)
    assert f'<option value="{rep_n2}"' not in new_form
    saved = page.post(f"/customers/{customer}/edit", data={
        "name": "Alpha Trading", "kind": "company", "status": "signed", "level": "effective", "cf_advisor": str(rep_n2),
        "cf_size": "M"})
    assert saved.status_code == 302
    assert fields.get(f"/api/v1/customers/{customer}").get_json()["custom_fields"]["advisor"] == rep_n2


def test_required_fields_and_defaults(world, fields):
    fields.patch(f"/api/v1/custom-fields/{world.acme.field_id}", json={"required": True})
    missing = fields.post("/api/v1/customers", json={"name": "No Grade"})
    assert missing.status_code == 422
    assert missing.get_json()["error"]["fields"]["custom_fields"] == {"grade": ["Grade is required."]}
    made = fields.post("/api/v1/customers", json={"name": "Graded", "custom_fields": {"grade": "A"}})
    assert made.status_code == 201
    assert made.get_json()["custom_fields"]["size"] == "M"  # the default
    emptied = fields.patch(f"/api/v1/customers/{made.get_json()['id']}", json={"custom_fields": {"grade": ""}})
    assert emptied.status_code == 422
    # A customer changed without naming the field keeps going.
    assert fields.patch(f"/api/v1/customers/{world.acme.customers['house'].id}", json={"name": "Eta"}).status_code == 200


def test_contacts_have_their_own_fields(world, api_client):
    admin = api_client("acme", "admin")
    admin.post("/api/v1/custom-fields", json={"entity": "contact", "key": "wechat", "label": "WeChat",
                                              "type": "text", "required": True})
    customer = world.acme.customers["house"].id
    missing = admin.post(f"/api/v1/customers/{customer}/contacts", json={"name": "Li Lei"})
    assert missing.status_code == 422 and "wechat" in missing.get_json()["error"]["fields"]["custom_fields"]
    made = admin.post(f"/api/v1/customers/{customer}/contacts",
                      json={"name": "Li Lei", "custom_fields": {"wechat": "lilei88"}})
    assert made.status_code == 201 and made.get_json()["custom_fields"] == {"wechat": "lilei88"}
    contact = made.get_json()["id"]
    wrong = admin.patch(f"/api/v1/customers/{customer}/contacts/{contact}", json={"custom_fields": {"grade": "A"}})
    assert wrong.status_code == 422  # grade is a customer field
    page = api_client("acme", "admin").get(f"/api/v1/customers/{customer}/contacts").get_json()["items"]
    assert {item["name"]: item["custom_fields"] for item in page}["Li Lei"] == {"wechat": "lilei88"}


def set_values(client, world, values):
    """{customer key: custom_fields} set through the API as acme's admin."""
    for key, custom in values.items():
        response = client.patch(f"/api/v1/customers/{world.acme.customers[key].id}", json={"custom_fields": custom})
        assert response.status_code == 200, response.get_json()


def names(client, query):
    response = client.get(f"/api/v1/customers?limit=200&{query}")
    assert response.status_code == 200, response.get_json()
    return sorted(item["name"] for item in response.get_json()["items"])


def test_filters_per_type(world, fields):
    rep_n2 = world.acme.users["rep_n2"].id
    set_values(fields, world, {
        "n1_alpha": {"nickname": "AA", "employees": 10, "budget": "100", "signed_on": "2024-01-01", "size": "S",
                     "channels": ["web", "phone"], "advisor": rep_n2, "key_account": True, "grade": "A"},
        "n1_beta": {"nickname": "BB", "employees": 200, "budget": "5000.50", "signed_on": "2024-06-30",
                    "channels": ["phone"], "key_account": False, "grade": "B"},
        "s1": {"employees": 3000, "budget": "20000", "signed_on": "2025-02-01", "size": "L", "grade": "A"},
    })
    assert names(fields, "cf_nickname=AA") == ["Alpha Trading"]
    assert names(fields, "cf_employees_min=100") == ["Beta Foods", "Delta Shipping"]
    assert names(fields, "cf_employees_min=100&cf_employees_max=1000") == ["Beta Foods"]
    assert names(fields, "cf_employees=10") == ["Alpha Trading"]
    assert names(fields, "cf_budget_max=5000.50") == ["Alpha Trading", "Beta Foods"]
    assert names(fields, "cf_signed_on_min=2024-06-01&cf_signed_on_max=2024-12-31") == ["Beta Foods"]
    assert names(fields, "cf_size=s") == ["Alpha Trading"]
    assert names(fields, "cf_channels=phone") == ["Alpha Trading", "Beta Foods"]
    assert names(fields, f"cf_advisor={rep_n2}") == ["Alpha Trading"]
    assert names(fields, "cf_key_account=no") == ["Beta Foods"]
    assert names(fields, "cf_grade=A&cf_size=L") == ["Delta Shipping"]
    assert fields.get("/api/v1/customers/count?cf_grade=A").get_json() == {"count": 2}


@pytest.mark.parametrize("query, param", [
    ("cf_employees_min=lots", "cf_employees_min"), ("cf_size_min=S", "cf_size_min"), ("cf_nope=1", "cf_nope"),
    ("cf_size=XL", "cf_size"), ("cf_signed_on_max=tomorrow", "cf_signed_on_max"),
])
def test_bad_filters_are_field_errors(world, fields, page_client, query, param):
    response = fields.get(f"/api/v1/customers?{query}")
    assert response.status_code == 422 and param in response.get_json()["error"]["fields"]
    page = page_client("acme", "admin").get(f"/customers/?{query}")
    if param in ("cf_nope", "cf_size_min"):
        # No such filter on the page (an old link after a field was deleted): ignored, the whole list shows.
        assert page.status_code == 200 and "Delta Shipping" in page.get_data(as_text=True)
    else:
        assert page.status_code == 400 and f'id="{param}-error"' in page.get_data(as_text=True)


def test_filters_never_widen_what_a_rep_sees(world, api_client, page_client):
    admin = api_client("acme", "admin")
    set_values(admin, world, {key: {"grade": "A"} for key in world.acme.customers})
    rep = api_client("acme", "rep_n1")
    assert names(rep, "cf_grade=A") == ["Alpha Trading", "Beta Foods", "Epsilon Media"]
    assert rep.get("/api/v1/customers/count?cf_grade=A").get_json() == {"count": 3}
    page = page_client("acme", "rep_n1").get("/customers/?cf_grade=A").get_data(as_text=True)
    assert "Alpha Trading" in page and "Delta Shipping" not in page
    # Another workspace's values never match, nor its field's key.
    assert names(api_client("globex", "admin"), "cf_grade=A") == []
    hidden = world.acme.customers["s1"].id
    assert rep.get(f"/api/v1/customers/{hidden}").status_code == 404


def test_deleting_a_customer_deletes_its_values_and_its_contacts(world, api_client, tenant_session):
    admin = api_client("acme", "admin")
    admin.post("/api/v1/custom-fields", json={"entity": "contact", "key": "wechat", "label": "WeChat", "type": "text"})
    customer = world.acme.customers["house"].id
    set_values(admin, world, {"house": {"grade": "C"}})
    admin.patch(f"/api/v1/customers/{customer}/contacts/{world.acme.contacts['house'].id}",
                json={"custom_fields": {"wechat": "eta"}})
    with tenant_session("acme") as session:
        assert session.scalar(select(func.count()).select_from(CustomFieldValue)) == 2
    assert admin.delete(f"/api/v1/customers/{customer}").status_code == 204
    with tenant_session("acme") as session:
        assert session.scalar(select(func.count()).select_from(CustomFieldValue)) == 0


def test_the_customer_form_edit_form_and_detail_page(world, fields, page_client):
    page = page_client("acme", "rep_n1")
    form = page.get("/customers/new").get_data(as_text=True)
    assert 'name="cf_size"' in form and '<option value="M" selected>' in form  # the default, pre-selected
    assert 'type="checkbox" name="cf_channels" value="shop"' in form
    base = {"name": "Form Co", "kind": "company", "status": "following", "level": "potential",
            "owner_id": world.acme.users["rep_n1"].id}
    bad = page.post("/customers/new", data={**base, "cf_employees": "lots", "cf_budget": "1.234", "cf_size": "M"})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert 'id="cf_employees-error"' in text and 'id="cf_budget-error"' in text and 'value="lots"' in text
    good = page.post("/customers/new", data={**base, "cf_employees": "12", "cf_size": "S", "cf_channels": ["web", "shop"],
                                             "cf_key_account": "yes", "cf_signed_on": "2024-05-06",
                                             "cf_advisor": str(world.acme.users["rep_n2"].id), "cf_grade": "B"})
    assert good.status_code == 302
    detail = page.get(good.headers["Location"]).get_data(as_text=True)
    for shown in ("Employees", "12", "web; shop", "yes", "2024-05-06", "Rep N2", "Grade"):
        assert shown in detail
    customer_id = int(good.headers["Location"].rstrip("/").split("/")[-1])
    edit = page.get(f"/customers/{customer_id}/edit").get_data(as_text=True)
    assert 'value="web" checked' in edit and '<option value="S" selected>' in edit
    # Unticking every channel clears them.
    saved = page.post(f"/customers/{customer_id}/edit", data={**base, "cf_size": "S", "cf_employees": "12"})
    assert saved.status_code == 302
    assert fields.get(f"/api/v1/customers/{customer_id}").get_json()["custom_fields"]["channels"] == []


def test_the_contact_forms(world, api_client, page_client):
    api_client("acme", "admin").post("/api/v1/custom-fields", json={
        "entity": "contact", "key": "role", "label": "Decision role", "type": "choice",
        "choices": ["Buyer", "User"], "required": True})
    page = page_client("acme", "rep_n1")
    customer = world.acme.customers["n1_alpha"].id
    refused = page.post(f"/customers/{customer}/contacts", data={"name": "Han Meimei"})
    assert refused.status_code == 422 and 'id="contact-cf_role-error"' in refused.get_data(as_text=True)
    assert page.post(f"/customers/{customer}/contacts", data={"name": "Han Meimei", "cf_role": "Buyer"}).status_code == 302
    detail = page.get(f"/customers/{customer}").get_data(as_text=True)
    assert "Decision role:</span> Buyer" in detail
    contact = world.acme.contacts["n1_alpha"].id
    edit = page.get(f"/customers/{customer}/contacts/{contact}/edit").get_data(as_text=True)
    assert 'name="cf_role"' in edit
    assert page.post(f"/customers/{customer}/contacts/{contact}/edit",
                     data={"name": "Alpha Contact", "cf_role": "User"}).status_code == 302


def test_the_list_shows_the_columns_the_user_chose(world, api_client, page_client):
    set_values(api_client("acme", "admin"), world, {"n1_alpha": {"grade": "A"}})
    page = page_client("acme", "rep_n1")
    plain = page.get("/customers/").get_data(as_text=True)
    assert '<th scope="col">Grade</th>' not in plain and 'name="cols" value="cf_grade"' in plain
    chosen = page.get("/customers/?cols=cf_grade").get_data(as_text=True)
    assert '<th scope="col">Grade</th>' in chosen and "<td>A</td>" in chosen
    # Remembered for the next visit, until changed.
    assert '<th scope="col">Grade</th>' in page.get("/customers/").get_data(as_text=True)
    assert '<th scope="col">Grade</th>' not in page.get("/customers/?cols=").get_data(as_text=True)


def test_changes_are_in_the_customers_audit_trail(world, api_client):
    admin = api_client("acme", "admin")
    made = admin.post("/api/v1/customers", json={"name": "Audited", "custom_fields": {"grade": "A"}}).get_json()
    admin.patch(f"/api/v1/customers/{made['id']}", json={"name": "Audited Co", "custom_fields": {"grade": "B"}})
    admin.patch(f"/api/v1/customers/{made['id']}", json={"custom_fields": {"grade": "B"}})  # no change: no entry
    entries = admin.get(f"/api/v1/audit?entity=customer&entity_id={made['id']}").get_json()["items"]
    assert [entry["action"] for entry in entries] == ["update", "create"]
    assert entries[1]["changes"]["cf_grade"] == "A"
    assert entries[0]["changes"] == {"name": ["Audited", "Audited Co"], "cf_grade": ["A", "B"]}


@pytest.mark.parametrize("key, value", [
    ("nickname", "x" * 256), ("employees", "many"), ("budget", "1.001"), ("signed_on", "someday"), ("size", "XL"),
    ("channels", ["web", "fax"]), ("advisor", "999999"), ("key_account", "perhaps"),
])
def test_the_form_shows_each_bad_value_next_to_its_field(world, fields, page_client, key, value):
    page = page_client("acme", "rep_n1")
    base = {"name": "Form Co", "kind": "company", "status": "following", "level": "potential",
            "owner_id": world.acme.users["rep_n1"].id}
    refused = page.post("/customers/new", data={**base, f"cf_{key}": value})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert f'id="cf_{key}-error"' in text and 'aria-invalid="true"' in text
    assert fields.get("/api/v1/customers?q=Form Co").get_json()["items"] == []


def test_a_contacts_custom_field_changes_are_audited(world, api_client):
    admin = api_client("acme", "admin")
    admin.post("/api/v1/custom-fields", json={"entity": "contact", "key": "wechat", "label": "WeChat", "type": "text"})
    customer, contact = world.acme.customers["house"].id, world.acme.contacts["house"].id
    admin.patch(f"/api/v1/customers/{customer}/contacts/{contact}", json={"custom_fields": {"wechat": "eta01"}})
    admin.patch(f"/api/v1/customers/{customer}/contacts/{contact}", json={"custom_fields": {"wechat": "eta02"}})
    entries = admin.get(f"/api/v1/audit?entity=contact&entity_id={contact}").get_json()["items"]
    assert [entry["changes"] for entry in entries] == [{"cf_wechat": ["eta01", "eta02"]}, {"cf_wechat": [None, "eta01"]}]
