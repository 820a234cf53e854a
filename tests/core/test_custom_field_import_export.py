"""Custom fields in imports (columns map to fields, values checked per row) and exports (one column per field)."""
import csv
import io

import pytest
from crm_platform.jobs.worker import InProcessWorker


BOM = b"\xef\xbb\xbf"

FIELDS = [
    {"key": "employees", "label": "Employees", "type": "number"},
    {"key": "budget", "label": "预算", "type": "money"},
    {"key": "signed_on", "label": "Signed on", "type": "date"},
    {"key": "channels", "label": "Channels", "type": "multi_choice", "choices": ["web", "phone", "shop"]},
    {"key": "advisor", "label": "Advisor", "type": "user"},
    {"key": "key_account", "label": "Key account", "type": "yes_no"},
    {"key": "nickname", "label": "Nickname", "type": "text"},
]


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Every app here uses the test Redis."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


@pytest.fixture
def admin(world, api_client):
    """Acme's admin, after adding a field of every type to customers."""
    client = api_client("acme", "admin")
    for body in FIELDS:
        assert client.post("/api/v1/custom-fields", json=body).status_code == 201
    return client


def run_worker(app, redis_db):
    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)


def import_file(app, redis_db, client, text, **form):
    """Import `text` as a CSV through the API; returns (batch, report rows)."""
    response = client.post("/api/v1/imports", data={"file": (io.BytesIO(text.encode()), "c.csv"), **form},
                           content_type="multipart/form-data")
    assert response.status_code == 202, response.get_json()
    run_worker(app, redis_db)
    job = client.get(f"/api/v1/jobs/{response.get_json()['id']}").get_json()
    assert job["status"] == "finished", job["error"]
    batch_id = job["params"]["batch_id"]
    report = client.get(f"/api/v1/imports/{batch_id}/errors").get_data().decode("utf-8-sig")
    return client.get(f"/api/v1/imports/{batch_id}").get_json(), list(csv.DictReader(io.StringIO(report)))


def customer(client, name):
    items = client.get("/api/v1/customers", query_string={"q": name}).get_json()["items"]
    return items[0] if items else None


FILE = """Name,Employees,预算,Signed on,Channels,Advisor,Key account,cf_grade,Nickname
Good One,"1,200",88.8,2024/03/05,web；shop,rep_n2@example.test,是,b,老王
Bad Number,lots,,,,,,,
Bad Money,,1.234,,,,,,
Bad Date,,,someday,,,,,
Bad Choice,,,,web;fax,,,Z,
Bad User,,,,,nobody@example.test,,,
Bad Yes,,,,,,perhaps,,
"""


def test_columns_map_to_custom_fields_and_each_bad_value_is_a_row_error(app, world, admin, redis_db):
    batch, report = import_file(app, redis_db, admin, FILE)
    assert batch["mapping"] == {"Name": "name", "Employees": "cf_employees", "预算": "cf_budget",
                                "Signed on": "cf_signed_on", "Channels": "cf_channels", "Advisor": "cf_advisor",
                                "Key account": "cf_key_account", "cf_grade": "cf_grade", "Nickname": "cf_nickname"}
    assert batch["counts"]["created"] == 1 and batch["counts"]["failed"] == 6
    good = customer(admin, "Good One")["custom_fields"]
    assert good == {"grade": "B", "employees": "1200", "budget": "88.80", "signed_on": "2024-03-05",
                    "channels": ["web", "shop"], "advisor": world.acme.users["rep_n2"].id, "key_account": True,
                    "nickname": "老王"}
    text = "\n".join(str(row) for row in report)
    for expected in ("cf_employees: Enter a number.", "cf_budget: Enter an amount with at most two decimal places.",
                     "cf_signed_on: Enter a date", "cf_channels: fax is not one of", "cf_grade: Z is not one of",
                     "cf_advisor: No user of this workspace", "cf_key_account: Enter yes or no."):
        assert expected in text, (expected, text)
    assert customer(admin, "Bad Number") is None


def test_a_required_field_fails_new_rows_but_not_updates(app, world, admin, redis_db):
    admin.patch(f"/api/v1/custom-fields/{world.acme.field_id}", json={"required": True})
    text = "Name,cf_grade,Employees\nAlpha Trading,,5\nNew Without,,\nNew With,C,\n"
    batch, report = import_file(app, redis_db, admin, text, on_duplicate="update")
    assert (batch["counts"]["updated"], batch["counts"]["created"], batch["counts"]["failed"]) == (1, 1, 1), report
    assert "cf_grade: Grade is required." in str(report), report
    assert customer(admin, "Alpha Trading")["custom_fields"]["employees"] == "5"
    assert customer(admin, "New With")["custom_fields"]["grade"] == "C"


def test_the_mapping_api_refuses_an_unknown_custom_field(app, world, admin, redis_db):
    response = admin.post("/api/v1/imports", data={"file": (io.BytesIO(b"Name,X\na,b\n"), "c.csv"),
                                                   "mapping": '{"X": "cf_nothing"}'},
                          content_type="multipart/form-data")
    assert response.status_code == 422 and "cf_nothing" in str(response.get_json()["error"]["fields"])


def test_the_mapping_page_offers_custom_fields(app, world, admin, page_client, redis_db):
    page = page_client("acme", "admin")
    uploaded = page.post("/imports/new", data={"file": (io.BytesIO("Name,预算\nA,1\n".encode()), "c.csv")},
                         content_type="multipart/form-data")
    assert uploaded.status_code == 302
    mapping = page.get(uploaded.headers["Location"]).get_data(as_text=True)
    assert '<option value="cf_budget" selected>预算</option>' in mapping


def export(app, redis_db, client, **body):
    response = client.post("/api/v1/exports", json=body)
    assert response.status_code == 202, response.get_json()
    run_worker(app, redis_db)
    job = client.get(f"/api/v1/jobs/{response.get_json()['id']}").get_json()
    assert job["status"] == "finished", job["error"]
    rows = list(csv.reader(io.StringIO(client.get(f"/api/v1/exports/{job['id']}/download").get_data()
                                       .decode("utf-8-sig"))))
    return rows[0], rows[1:]


def test_the_export_has_one_column_per_field_and_reimports(app, world, admin, redis_db):
    alpha = world.acme.customers["n1_alpha"].id
    admin.patch(f"/api/v1/customers/{alpha}", json={"custom_fields": {
        "grade": "A", "employees": 12, "budget": "12.5", "channels": ["shop", "phone"],
        "advisor": world.acme.users["rep_n2"].id, "key_account": False, "nickname": "=cmd", "signed_on": "2024-01-02"}})
    header, rows = export(app, redis_db, admin)
    custom = ["cf_grade", "cf_employees", "cf_budget", "cf_signed_on", "cf_channels", "cf_advisor", "cf_key_account",
              "cf_nickname"]
    assert header[-8:] == custom
    by_name = {row[1]: dict(zip(header, row)) for row in rows}
    alpha_row = by_name["Alpha Trading"]
    assert [alpha_row[name] for name in custom] == ["A", "12", "12.50", "2024-01-02", "phone; shop",
                                                    "rep_n2@example.test", "no", "'=cmd"]
    assert by_name["Beta Foods"]["cf_grade"] == ""
    # The export's filters take custom fields as the list does; a bad one is refused up front.
    header, rows = export(app, redis_db, admin, custom_fields={"cf_grade": "A"})
    assert [row[1] for row in rows] == ["Alpha Trading"]
    refused = admin.post("/api/v1/exports", json={"custom_fields": {"cf_grade": "Z"}})
    assert refused.status_code == 422 and "cf_grade" in refused.get_json()["error"]["fields"]


def test_a_reps_export_with_a_filter_holds_only_what_they_see(app, world, admin, api_client, redis_db):
    for key in world.acme.customers:
        admin.patch(f"/api/v1/customers/{world.acme.customers[key].id}", json={"custom_fields": {"grade": "A"}})
    header, rows = export(app, redis_db, api_client("acme", "rep_n1"), custom_fields={"cf_grade": "A"})
    assert sorted(row[1] for row in rows) == ["Alpha Trading", "Beta Foods", "Epsilon Media"]


def test_two_rows_updating_one_customer_keep_the_last_value(app, world, admin, redis_db):
    admin.patch(f"/api/v1/customers/{world.acme.customers['n1_alpha'].id}", json={"custom_fields": {"grade": "A"}})
    text = "Name,cf_grade\nAlpha Trading,B\nAlpha Trading,A\nNew Twice,B\nNew Twice,C\n"
    batch, report = import_file(app, redis_db, admin, text, on_duplicate="update")
    assert (batch["counts"]["updated"], batch["counts"]["created"]) == (3, 1), report
    assert customer(admin, "Alpha Trading")["custom_fields"]["grade"] == "A"
    assert customer(admin, "New Twice")["custom_fields"]["grade"] == "C"
