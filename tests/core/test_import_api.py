"""Customer import through the API on a real Redis and an in-process RQ worker (burst mode).

POST /api/v1/imports answers 202 with the job; bad input is a 4xx that leaves
nothing behind; failed rows land one by one in a report only the importer reads.
"""
import csv
import io
import os
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from crm_platform.imports.storage import sweep_import_files, upload_path
from crm_platform.jobs.worker import InProcessWorker
from crm_platform.models import AuditEntry, Customer, ImportBatch, ImportRowError, Job
from crm_platform.models.base import utcnow
from crm_platform.testing import MISSING_ID

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Every app here uses the test Redis (a test's own marker wins)."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


def post_file(client, data, name="customers.csv", **form):
    """POST a file (bytes or text) to the import API with extra form fields."""
    body = data.encode() if isinstance(data, str) else data
    return client.post("/api/v1/imports", data={"file": (io.BytesIO(body), name), **form},
                       content_type="multipart/form-data")


def run_worker(app, redis_db):
    """Drain the queue with a real RQ worker in this process."""
    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)


def import_as(app, redis_db, client, data, **form):
    """Import a file through the API, run it, and return (finished job, batch) as the API shows them."""
    response = post_file(client, data, **form)
    assert response.status_code == 202, response.get_json()
    job = response.get_json()
    assert (job["kind"], job["status"]) == ("customer_import", "queued")
    run_worker(app, redis_db)
    job = client.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert job["status"] == "finished", job["error"]
    return job, client.get(f"/api/v1/imports/{job['params']['batch_id']}").get_json()


def report(client, batch_id):
    """The error report's rows as dicts."""
    response = client.get(f"/api/v1/imports/{batch_id}/errors")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(BOM)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def count(tenant_session, tenant, model, *where):
    with tenant_session(tenant) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


GOOD_AND_BAD = """Name,Phone,Email,Care date,Tags,Status,Notes
Northwind Foods,138 0013 8000,ORDERS@northwind.test,2024/03/05,vip；north,Signed,
,555 1234,nobody@x.test,,,,no name
Bad Mail Ltd,,not-an-email,,,,
Late Date Co,,,someday,,bogus,
=HYPERLINK("x"),,,,,,formula name
Southern Steel,+86 (10) 5555-0101,,1990-01-31,export,following up,steel
"""


def test_an_import_creates_the_good_rows_and_reports_each_bad_one(app, world, api_client, tenant_session, redis_db):
    rep = api_client("acme", "rep_n1")

    job, batch = import_as(app, redis_db, rep, GOOD_AND_BAD)

    assert job["result"] == {"batch_id": batch["id"], "rows": 6, "created": 3, "updated": 0, "skipped": 0, "failed": 3}
    assert job["progress"] == {"done": 6, "total": 6, "percent": 100}
    assert batch["status"] == "finished" and batch["counts"] == {"created": 3, "updated": 0, "skipped": 0, "failed": 3}
    assert batch["mapping"] == {"Name": "name", "Phone": "phone", "Email": "email", "Care date": "care_date",
                                "Tags": "tags", "Status": "status", "Notes": "notes"}
    items = rep.get("/api/v1/customers?limit=200&sort=-created_at").get_json()["items"]
    by_name = {item["name"]: item for item in items}
    northwind = by_name["Northwind Foods"]
    assert (northwind["phone"], northwind["email"], northwind["care_date"]) == ("138 0013 8000", "ORDERS@northwind.test", "2024-03-05")
    assert (northwind["tags"], northwind["status"], northwind["owner"]["id"]) == (["north", "vip"], "signed", world.acme.users["rep_n1"].id)
    assert by_name["Southern Steel"]["status"] == "following" and by_name['=HYPERLINK("x")']["notes"] == "formula name"
    lines = report(rep, batch["id"])
    assert [line["Row"] for line in lines] == ["3", "4", "5"]
    assert "name" in lines[0]["Reason"] and lines[0]["Notes"] == "no name"
    assert lines[1]["Reason"].startswith("email: ") and lines[1]["Email"] == "not-an-email"
    assert "care_date: " in lines[2]["Reason"] and "status: " in lines[2]["Reason"]
    # Every created customer is audited as a create by the importer, like one made through the API.
    with tenant_session("acme") as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "customer")).all()
    assert len(entries) == 3 and {e.action for e in entries} == {"create"}
    assert {e.actor_id for e in entries} == {world.acme.users["rep_n1"].id}


def test_the_report_escapes_formulas_like_the_export(app, world, api_client, redis_db):
    rep = api_client("acme", "rep_n1")
    _, batch = import_as(app, redis_db, rep, 'Name,Email\n"=cmd|\' /C calc\'!A0",bad\n@SUM(A1),also bad\n')

    lines = report(rep, batch["id"])

    assert [line["Name"] for line in lines] == ["'=cmd|' /C calc'!A0", "'@SUM(A1)"]


def test_an_xlsx_file_imports_with_its_excel_dates(app, world, api_client, redis_db):
    book = openpyxl.Workbook()
    book.active.append(["客户名称", "手机", "生日", "负责人"])
    book.active.append(["东方仪器", 13900139000, __import__("datetime").datetime(1985, 7, 1), "rep_n1@example.test"])
    data = io.BytesIO()
    book.save(data)
    rep = api_client("acme", "rep_n1")

    job, batch = import_as(app, redis_db, rep, data.getvalue(), name="客户.xlsx")

    assert batch["format"] == "xlsx" and batch["filename"] == "客户.xlsx" and job["result"]["created"] == 1
    found = rep.get("/api/v1/customers?q=东方").get_json()["items"][0]
    assert (found["mobile"], found["care_date"]) == ("13900139000", "1985-07-01")


def test_owners_by_email_follow_the_assignment_rules(app, world, api_client, redis_db):
    data = ("Name,Owner\nOwn One,rep_n1@example.test\nOther Ones,REP_N2@example.test\nNobody's,ghost@example.test\n"
            "Default,\n")
    rep_job, rep_batch = import_as(app, redis_db, api_client("acme", "rep_n1"), data)
    admin_job, _ = import_as(app, redis_db, api_client("acme", "admin"), data, on_duplicate="create")

    assert rep_job["result"]["created"] == 2 and rep_job["result"]["failed"] == 2
    reasons = {line["Name"]: line["Reason"] for line in report(api_client("acme", "rep_n1"), rep_batch["id"])}
    assert reasons == {"Other Ones": "owner: You may not assign customers to this user.",
                       "Nobody's": "owner: No active user has the email ghost@example.test."}
    assert admin_job["result"]["created"] == 3  # the admin may assign to rep_n2; ghost is still unknown
    owners = {}  # the admin's rows are the newest
    for item in api_client("acme", "admin").get("/api/v1/customers?limit=200&sort=-created_at").get_json()["items"]:
        owners.setdefault(item["name"], item["owner"]["id"])
    assert owners["Other Ones"] == world.acme.users["rep_n2"].id and owners["Default"] == world.acme.users["admin"].id


@pytest.mark.parametrize("form, status, field, message", [
    ({}, 422, "file", "Missing"),
    ({"file": (io.BytesIO(b""), "empty.csv")}, 422, "file", "empty"),
    ({"file": (io.BytesIO(b"%PDF-1.4\x00\x01binary"), "scan.pdf")}, 422, "file", "not a CSV"),
    ({"file": (io.BytesIO(b"Name\n\x80\xff\x80\n"), "latin.csv")}, 422, "file", "neither UTF-8"),
    ({"file": (io.BytesIO(b"Name,Phone\n"), "header.csv")}, 422, "file", "no rows"),
    ({"file": (io.BytesIO(b"Phone\n1\n"), "x.csv")}, 422, "mapping", "name"),
    ({"file": (io.BytesIO(b"Name,Phone\nA,1\n"), "x.csv"), "mapping": '{"Phone": "fax"}'}, 422, "mapping", "Unknown fields"),
    ({"file": (io.BytesIO(b"Name,Phone\nA,1\n"), "x.csv"), "mapping": '{"Name": "name", "Phone": "name"}'}, 422, "mapping", "more than one"),
    ({"file": (io.BytesIO(b"Name,Phone\nA,1\n"), "x.csv"), "mapping": '{"Fax": "phone"}'}, 422, "mapping", "not in the file"),
    ({"file": (io.BytesIO(b"Name,Phone\nA,1\n"), "x.csv"), "mapping": "{oops"}, 422, "mapping", "JSON"),
    ({"file": (io.BytesIO(b"Name\nA\n"), "x.csv"), "on_duplicate": "merge"}, 422, "on_duplicate", "Must be one of"),
    ({"file": (io.BytesIO(b"Name\nA\n"), "x.csv"), "colour": "red"}, 422, "colour", "Unknown"),
])
def test_bad_input_is_a_4xx_with_a_message_and_leaves_nothing(app, world, api_client, tenant_session, redis_db,
                                                             form, status, field, message):
    rep = api_client("acme", "rep_n1")

    response = rep.post("/api/v1/imports", data=form, content_type="multipart/form-data")

    assert response.status_code == status, response.get_json()
    assert message in " ".join(response.get_json()["error"]["fields"][field]), response.get_json()
    assert count(tenant_session, "acme", ImportBatch, ImportBatch.user_id == world.acme.users["rep_n1"].id) == 0
    assert count(tenant_session, "acme", Job, Job.kind == "customer_import") == 0
    assert redis_db.llen("rq:queue:crm") == 0
    folder = Path(app.instance_path) / "imports" / str(world.acme.id)
    assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.app_config(CRM_IMPORT_MAX_MB=0.01)
def test_a_file_over_the_limit_is_413_with_the_limit(app, world, api_client, tenant_session, redis_db):
    response = post_file(api_client("acme", "rep_n1"), "Name\n" + "A customer\n" * 2000)

    assert response.status_code == 413
    assert "0.01 MB" in response.get_json()["error"]["message"]
    assert count(tenant_session, "acme", ImportBatch, ImportBatch.user_id == world.acme.users["rep_n1"].id) == 0


def test_anonymous_is_401(app, world, redis_db):
    assert post_file(app.test_client(), "Name\nA\n").status_code == 401


@pytest.mark.app_config(CRM_REDIS_URL="redis://127.0.0.1:1/0")
def test_redis_down_answers_503_and_keeps_no_batch(app, world, api_client, tenant_session):
    response = post_file(api_client("acme", "rep_n1"), "Name\nA\n")

    assert response.status_code == 503 and "unavailable" in response.get_json()["error"]["message"]
    assert count(tenant_session, "acme", ImportBatch, ImportBatch.user_id == world.acme.users["rep_n1"].id) == 0
    assert not any((Path(app.instance_path) / "imports" / str(world.acme.id)).iterdir())


def test_a_batch_and_its_report_are_the_importers_only(app, world, api_client, redis_db):
    rep = api_client("acme", "rep_n1")
    job, batch = import_as(app, redis_db, rep, "Name,Email\nA,bad\n")
    urls = [f"/api/v1/imports/{batch['id']}", f"/api/v1/imports/{batch['id']}/errors"]
    missing = rep.get(f"/api/v1/imports/{MISSING_ID}")

    assert missing.status_code == 404
    for url in urls:
        assert rep.get(url).status_code == 200
        for tenant, user in [("acme", "rep_n2"), ("acme", "admin"), ("globex", "rep_n1"), ("globex", "admin")]:
            response = api_client(tenant, user).get(url)
            assert response.status_code == 404, (url, tenant, user)
            assert response.get_json() == missing.get_json()
        assert app.test_client().get(url).status_code == 401
    assert api_client("acme", "admin").post(f"/api/v1/imports/{batch['id']}/resume").status_code == 404
    assert rep.post(f"/api/v1/imports/{batch['id']}/resume").status_code == 409  # finished: nothing to resume


def test_a_failed_run_can_be_run_again_from_its_checkpoint(app, world, api_client, tenant_session, redis_db):
    rep = api_client("acme", "rep_n1")
    response = post_file(rep, "Name\nFirst\nSecond\n")
    batch_id = response.get_json()["params"]["batch_id"]
    with tenant_session("acme") as session:  # the file vanishes before the worker starts: the run fails
        upload_path(session.get(ImportBatch, batch_id)).rename(Path(app.instance_path) / "aside")
    run_worker(app, redis_db)
    failed = rep.get(f"/api/v1/jobs/{response.get_json()['id']}").get_json()
    assert failed["status"] == "failed" and "deleted" in failed["error"]
    with tenant_session("acme") as session:
        (Path(app.instance_path) / "aside").rename(upload_path(session.get(ImportBatch, batch_id)))

    again = rep.post(f"/api/v1/imports/{batch_id}/resume")
    assert again.status_code == 202 and again.get_json()["id"] != failed["id"]
    run_worker(app, redis_db)

    batch = rep.get(f"/api/v1/imports/{batch_id}").get_json()
    assert batch["status"] == "finished" and batch["job_id"] == again.get_json()["id"]
    assert batch["counts"]["created"] == 2


def test_old_files_are_swept_but_not_those_of_running_imports(app, world, api_client, tenant_session, redis_db):
    rep = api_client("acme", "rep_n1")
    _, finished = import_as(app, redis_db, rep, "Name\nA\n")
    queued = post_file(rep, "Name\nB\n").get_json()["params"]["batch_id"]
    with tenant_session("acme") as session:
        paths = {b.id: upload_path(b) for b in session.scalars(select(ImportBatch))}
        orphan = paths[finished["id"]].with_name("0" * 32 + ".upload")
        orphan.write_text("left by a failed request")
        assert sweep_import_files() == 0  # nothing is a day old yet
        deleted = sweep_import_files(now=utcnow() + timedelta(hours=25))
        assert deleted == 2  # the finished import's file and the orphan; the queued import keeps its file
        assert session.get(ImportBatch, finished["id"]).stored_name is None
    assert not paths[finished["id"]].exists() and not orphan.exists() and paths[queued].exists()
    assert rep.get(f"/api/v1/imports/{finished['id']}").get_json()["file_available"] is False
    assert len(report(rep, finished["id"])) == 0  # the report lives in the database, not in the file
    assert count(tenant_session, "acme", ImportRowError) == 0
    assert count(tenant_session, "acme", Customer, Customer.name == "A") == 1


def test_the_hourly_tick_runs_the_sweep_in_every_workspace(app, world, api_client, tenant_session, redis_db):
    from crm_platform.imports.job import SWEEP_KIND
    from crm_platform.jobs.tick import run_tick

    rep = api_client("acme", "rep_n1")
    import_as(app, redis_db, rep, "Name\nA\n")
    with tenant_session("acme") as session:
        (path,) = [upload_path(b) for b in session.scalars(select(ImportBatch)) if b.stored_name]
    old = (utcnow() - timedelta(hours=25)).timestamp()
    with tenant_session("acme") as session:  # the finished batch has been idle for a day
        for batch in session.scalars(select(ImportBatch)):
            batch.updated_at = utcnow() - timedelta(hours=25)
        session.commit()
    os.utime(path, (old, old))

    with app.app_context():
        started = {(tenant, name) for tenant, name, _ in run_tick()["started"] if name == SWEEP_KIND}
    assert started == {(world.acme.id, SWEEP_KIND), (world.globex.id, SWEEP_KIND)}
    with app.app_context():
        InProcessWorker(["crm-tick", "crm"], connection=redis_db).work(burst=True)

    assert not path.exists()
    with tenant_session("acme") as session:
        sweep = session.scalars(select(Job).where(Job.kind == SWEEP_KIND)).one()
        assert (sweep.status, sweep.user_id, sweep.result) == ("finished", None, {"deleted": 1})
