"""Exports people open in Excel: the customer export and the import error report as .xlsx, read back with openpyxl."""
import io

import openpyxl
import pytest

from crm_platform.customers import export
from crm_platform.jobs.worker import InProcessWorker
from crm_platform.tables import MIMETYPES

XLSX = MIMETYPES["xlsx"]


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Every app here uses the test Redis."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


def run_worker(app, redis_db):
    """Drain the queue with a real RQ worker in this process."""
    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)


def sheet_rows(response):
    """The first worksheet of a downloaded .xlsx as lists of cell values."""
    assert response.status_code == 200 and response.mimetype == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def finished(client, app, redis_db, job):
    run_worker(app, redis_db)
    job = client.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert job["status"] == "finished", job["error"]
    return job


def test_an_xlsx_export_holds_what_the_list_shows_escaped(app, world, api_client, redis_db, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 2)
    rep = api_client("acme", "rep_n1")
    rep.post("/api/v1/customers", json={"name": "=HYPERLINK(\"http://evil\")", "notes": "x",
                                        "address": "杭州\x07西湖", "province_code": "110000"})
    started = rep.post("/api/v1/exports", json={"format": "xlsx"})
    assert started.status_code == 202 and started.get_json()["params"]["format"] == "xlsx"
    job = finished(rep, app, redis_db, started.get_json())
    assert job["result"]["file"].endswith(".xlsx")
    download = rep.get(f"/api/v1/exports/{job['id']}/download")
    assert download.headers["Content-Disposition"].endswith(".xlsx")
    header, *rows = sheet_rows(download)
    assert tuple(header) == export.COLUMNS + ("cf_grade",)  # then one column per custom field
    listed = rep.get("/api/v1/customers?limit=200").get_json()["items"]
    assert sorted(int(row[0]) for row in rows) == sorted(item["id"] for item in listed)
    evil = next(dict(zip(header, row)) for row in rows if "HYPERLINK" in row[1])
    # Text, not a formula; the bell character XML cannot hold is dropped; the province by name.
    assert evil["name"] == "'=HYPERLINK(\"http://evil\")" and evil["address"] == "杭州西湖"
    assert (evil["province"], evil["region"]) == ("北京市", "North")


def test_an_xlsx_export_honours_filters_and_visibility(app, world, api_client, redis_db):
    rep = api_client("acme", "rep_n1")
    job = finished(rep, app, redis_db, rep.post("/api/v1/exports", json={"format": "xlsx", "region": "South"}).get_json())
    _header, *rows = sheet_rows(rep.get(f"/api/v1/exports/{job['id']}/download"))
    assert [row[1] for row in rows] == ["Epsilon Media"]  # shared with rep_n1; Delta Shipping is not
    assert api_client("acme", "rep_n2").get(f"/api/v1/exports/{job['id']}/download").status_code == 404
    assert api_client("globex", "rep_n1").get(f"/api/v1/exports/{job['id']}/download").status_code == 404


def test_an_unknown_format_is_refused(world, api_client):
    response = api_client("acme", "rep_n1").post("/api/v1/exports", json={"format": "pdf"})
    assert response.status_code == 422 and "format" in response.get_json()["error"]["fields"]


def test_the_list_page_export_buttons_queue_the_filtered_export(app, world, page_client, api_client, redis_db):
    client = page_client("acme", "rep_n1")
    page = client.get("/customers/?region=North").get_data(as_text=True)
    assert 'value="xlsx"' in page and '<input type="hidden" name="filter_region" value="North">' in page
    response = client.post("/customers/export", data={"filter_region": "North", "format": "xlsx"})
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    run_worker(app, redis_db)
    jobs = client.get("/jobs/").get_data(as_text=True)
    assert "Download Excel (.xlsx)" in jobs
    (job,) = [j for j in api_client("acme", "rep_n1").get("/api/v1/jobs").get_json()["items"]
              if j["kind"] == "customer_export"]
    assert job["params"] == {"region": "North", "format": "xlsx"}
    _header, *rows = sheet_rows(client.get(f"/api/v1/exports/{job['id']}/download"))
    assert {row[1] for row in rows} == {"Alpha Trading", "Beta Foods"}


def test_the_import_error_report_as_xlsx(app, world, api_client, redis_db):
    rep = api_client("acme", "rep_n1")
    data = "Name,Email,地区\nGood,good@example.test,North\n=1+2,bad,North\nFine,,火星\n"
    upload = rep.post("/api/v1/imports", data={"file": (io.BytesIO(data.encode()), "c.csv")},
                      content_type="multipart/form-data")
    job = finished(rep, app, redis_db, upload.get_json())
    assert (job["result"]["created"], job["result"]["failed"]) == (1, 2)
    batch_id = job["params"]["batch_id"]
    rows = sheet_rows(rep.get(f"/api/v1/imports/{batch_id}/errors?format=xlsx"))
    assert rows[0] == ["Row", "Reason", "Name", "Email", "地区"]
    assert [row[0] for row in rows[1:]] == ["3", "4"] and rows[1][2] == "'=1+2"
    assert "email" in rows[1][1] and "region" in rows[2][1]
    assert rep.get(f"/api/v1/imports/{batch_id}/errors?format=doc").status_code == 422
    assert api_client("acme", "rep_n2").get(f"/api/v1/imports/{batch_id}/errors?format=xlsx").status_code == 404
