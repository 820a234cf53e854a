"""Customer export to CSV: a real Redis and an in-process RQ worker (burst mode).

The export runs as the user who asked, so it must hold exactly the customers the
customer list shows that user with the same filters, escaped against formula
injection, and be downloadable by that user only, for a limited time.
"""
import csv
import io
from datetime import timedelta

import pytest

from crm_platform.customers import export
from crm_platform.jobs.worker import InProcessWorker
from crm_platform.models import Job
from crm_platform.models.base import utcnow
from crm_platform.testing import MISSING_ID

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Every app here uses the test Redis (a test's own marker wins)."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


def run_worker(app, redis_db):
    """Drain the queue with a real RQ worker in this process."""
    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)


def export_as(app, redis_db, client, **filters):
    """Start an export through the API, run it, and return the finished job as the API shows it."""
    response = client.post("/api/v1/exports", json=filters)
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["kind"] == "customer_export" and response.get_json()["status"] == "queued"
    run_worker(app, redis_db)
    job = client.get(f"/api/v1/jobs/{response.get_json()['id']}").get_json()
    assert job["status"] == "finished", job["error"]
    return job


def read_csv(response):
    """The downloaded CSV's header and rows."""
    body = response.get_data()
    assert body.startswith(BOM)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    return rows[0], rows[1:]


def listed(client, query=""):
    """The customer list as the API shows it to `client`: {id: item}."""
    items = client.get(f"/api/v1/customers?limit=200{query}").get_json()["items"]
    return {item["id"]: item for item in items}


def test_a_reps_export_holds_exactly_the_customers_the_rep_sees(app, world, api_client, redis_db, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 2)  # several keyset batches with progress between them
    rep = api_client("acme", "rep_n1")

    job = export_as(app, redis_db, rep)

    visible = listed(rep)
    assert len(visible) < len(world.acme.customers)  # visibility really narrows it
    assert job["result"]["rows"] == len(visible)
    assert job["progress"] == {"done": len(visible), "total": len(visible), "percent": 100}
    assert job["result"]["file"].startswith(f"{job['id']}-") and job["result"]["expires_at"]
    download = rep.get(f"/api/v1/exports/{job['id']}/download")
    assert download.status_code == 200
    assert download.mimetype == "text/csv"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename=customers-" in disposition
    header, rows = read_csv(download)
    assert header == list(export.COLUMNS) + ["cf_grade"]  # the world's custom field
    assert [int(row[0]) for row in rows] == sorted(visible)  # ordered by id
    alpha = next(row for row in rows if int(row[0]) == world.acme.customers["n1_alpha"].id)
    record = dict(zip(header, alpha))
    assert record["name"] == "Alpha Trading" and record["status"] == "signed" and record["tags"] == "vip"
    assert record["owner"] == visible[int(alpha[0])]["owner"]["name"]
    assert record["owner_email"] == "rep_n1@example.test"
    assert record["phone"] == "'+1 555 0101"  # every cell starting with + is escaped, phones too
    # The follow-up dates as the list shows them: Alpha has a logged call, nothing planned.
    assert record["last_contacted_at"][:19] == visible[int(alpha[0])]["last_contacted_at"][:19] == "2026-01-05T10:00:00"
    assert record["next_follow_up_at"] == ""


def test_the_export_honours_the_lists_filters(app, world, api_client, redis_db):
    manager = api_client("acme", "manager_north")

    job = export_as(app, redis_db, manager, status="signed", q="a")

    expected = listed(manager, "&status=signed&q=a")
    assert expected and len(expected) < len(listed(manager))
    _, rows = read_csv(manager.get(f"/api/v1/exports/{job['id']}/download"))
    assert sorted(int(row[0]) for row in rows) == sorted(expected)
    assert job["params"] == {"status": "signed", "q": "a", "format": "csv"}


def test_formula_cells_are_escaped_and_chinese_text_survives(app, world, api_client, redis_db):
    rep = api_client("acme", "rep_n1")
    names = ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "客户公司"]
    for name in names:
        assert rep.post("/api/v1/customers", json={"name": name, "tags": ["=HYPERLINK(x)", "ok"]}).status_code == 201

    job = export_as(app, redis_db, rep, q="")

    header, rows = read_csv(rep.get(f"/api/v1/exports/{job['id']}/download"))
    by_name = {row[1]: dict(zip(header, row)) for row in rows}
    for escaped in ["'=cmd|' /C calc'!A0", "'+1", "'-2", "'@SUM(A1)", "客户公司"]:
        assert escaped in by_name, escaped
    assert by_name["客户公司"]["tags"] == "'=HYPERLINK(x); ok"
    assert all(not cell.startswith(export.FORMULA_STARTS) for row in rows for cell in row)
    # The API strips leading whitespace from names; cells from elsewhere (addresses, imports) may keep it.
    assert export.escape_cell("\tTabbed") == "'\tTabbed" and export.escape_cell("\r1") == "'\r1"
    assert export.escape_cell("a=b") == "a=b" and export.escape_cell(None) == "" and export.escape_cell(7) == "7"


def test_download_is_for_the_jobs_own_user_only(app, world, api_client, page_client, redis_db):
    job = export_as(app, redis_db, api_client("acme", "rep_n1"))
    url = f"/api/v1/exports/{job['id']}/download"
    missing = api_client("acme", "rep_n1").get(f"/api/v1/exports/{MISSING_ID}/download")

    assert missing.status_code == 404
    for tenant, user in [("acme", "rep_n2"), ("acme", "admin"), ("globex", "admin")]:
        response = api_client(tenant, user).get(url)
        assert response.status_code == 404, (tenant, user)
        assert response.get_json() == missing.get_json()
    assert app.test_client().get(url).status_code == 401
    # The selftest job of the world is not an export: 404 too.
    assert api_client("acme", "admin").get(f"/api/v1/exports/{world.acme.job_id}/download").status_code == 404

    pages = page_client("acme", "rep_n1")  # the Jobs page's link, with the session cookie
    page = pages.get("/jobs/").get_data(as_text=True)
    assert f'href="{url}"' in page
    assert pages.get(url).status_code == 200
    assert f'href="{url}"' not in page_client("acme", "admin").get("/jobs/").get_data(as_text=True)


def test_an_expired_export_is_410_and_its_file_is_deleted(app, world, api_client, page_client, tenant_session,
                                                        redis_db):
    rep = api_client("acme", "rep_n1")
    job = export_as(app, redis_db, rep)
    url = f"/api/v1/exports/{job['id']}/download"
    with tenant_session("acme") as session:
        row = session.get(Job, job["id"])
        path = export.export_file(row)
        assert path.is_file() and path.parent.name == str(world.acme.id)
        row.result = {**row.result, "expires_at": (utcnow() - timedelta(minutes=1)).isoformat()}
        session.commit()

    assert f'href="{url}"' not in page_client("acme", "rep_n1").get("/jobs/").get_data(as_text=True)
    response = rep.get(url)

    assert response.status_code == 410
    assert "expired" in response.get_json()["error"]["message"]
    assert not path.exists()
    assert rep.get(url).status_code == 410


@pytest.mark.app_config(CRM_EXPORT_TTL_HOURS=0)
def test_a_ttl_of_zero_expires_at_once(app, world, api_client, redis_db):
    rep = api_client("acme", "rep_n1")
    job = export_as(app, redis_db, rep)

    assert rep.get(f"/api/v1/exports/{job['id']}/download").status_code == 410


def test_bad_filters_are_422_and_anonymous_is_401(app, world, api_client, redis_db):
    rep = api_client("acme", "rep_n1")

    assert rep.post("/api/v1/exports", json={"status": "nonsense"}).status_code == 422
    unknown = rep.post("/api/v1/exports", json={"colour": "red"})
    assert unknown.status_code == 422 and "colour" in unknown.get_json()["error"]["fields"]
    assert rep.post("/api/v1/exports", json={"sort": "name"}).status_code == 422
    assert app.test_client().post("/api/v1/exports", json={}).status_code == 401
    assert redis_db.llen("rq:queue:crm") == 0


def test_an_unfinished_export_is_not_downloadable_yet(app, world, api_client, redis_db):
    rep = api_client("acme", "rep_n1")
    job_id = rep.post("/api/v1/exports", json={}).get_json()["id"]

    assert rep.get(f"/api/v1/exports/{job_id}/download").status_code == 409


@pytest.mark.app_config(CRM_REDIS_URL="redis://127.0.0.1:1/0")
def test_redis_down_answers_503(app, world, api_client):
    response = api_client("acme", "rep_n1").post("/api/v1/exports", json={})

    assert response.status_code == 503
    assert "unavailable" in response.get_json()["error"]["message"]
