"""The import pages: upload, map, preview, run, status; the customer list's button and the Jobs page's summary."""
import io
import re

import pytest
from sqlalchemy import func, select

from crm_platform.jobs.worker import InProcessWorker
from crm_platform.models import ImportBatch, Job

FILE = """客户名称,邮箱,电话,备注
Northwind Foods,orders@northwind.test,,first
Bad Mail,not-an-email,,
Alpha Again,BUY@alpha.test,,dup of the world's Alpha
Northwind Copy,ORDERS@northwind.test,,dup of row 2
"""


@pytest.fixture
def app_config(app_config, redis_db, redis_url):
    """Every app here uses the test Redis (a test's own marker wins)."""
    return {"CRM_REDIS_URL": redis_url, **app_config}


def upload(client, data=FILE, name="客户.csv"):
    return client.post("/imports/new", data={"file": (io.BytesIO(data.encode()), name)},
                       content_type="multipart/form-data")


def batch_id_of(response):
    return int(re.search(r"/imports/(\d+)/", response.headers["Location"]).group(1))


def test_upload_map_preview_run_and_status(app, world, page_client, redis_db):
    client = page_client("acme", "rep_n1")
    assert 'href="/imports/new"' in client.get("/customers/").get_data(as_text=True)
    assert client.get("/imports/new").status_code == 200

    uploaded = upload(client)
    assert uploaded.status_code == 302
    batch_id = batch_id_of(uploaded)
    mapping = client.get(f"/imports/{batch_id}/mapping").get_data(as_text=True)
    assert "客户名称" in mapping and "orders@northwind.test" in mapping
    assert re.search(r'name="column-0".*?<option value="name" selected', mapping, re.S)  # suggested

    mapped = client.post(f"/imports/{batch_id}/mapping", data={
        "column-0": "name", "column-1": "email", "column-2": "", "column-3": "notes", "on_duplicate": "skip"})
    assert mapped.status_code == 302 and mapped.headers["Location"].endswith(f"/imports/{batch_id}/preview")
    preview = client.get(f"/imports/{batch_id}/preview").get_data(as_text=True)
    assert "4 rows" in preview
    rows = {row: action for action, row in re.findall(r'class="plan-(\w+)" data-row="(\d+)"', preview)}
    assert rows == {"2": "create", "3": "fail", "4": "skip", "5": "skip"}
    assert "email: Not a valid email address." in preview
    assert "Same email as row 2 of this file." in preview
    assert "Alpha Trading" in preview  # rep_n1 may see the customer row 4 duplicates

    ran = client.post(f"/imports/{batch_id}/run")
    assert ran.status_code == 302 and ran.headers["Location"].endswith(f"/imports/{batch_id}")
    assert client.post(f"/imports/{batch_id}/run").status_code == 302  # a second click starts nothing more
    assert redis_db.llen("rq:queue:crm") == 1
    queued = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert "<progress" in queued and "/api/v1/jobs/" in queued
    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)

    status = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert re.search(r'class="count-created">1<', status) and re.search(r'class="count-failed">1<', status)
    assert re.search(r'class="count-skipped">2<', status)
    assert f'href="/api/v1/imports/{batch_id}/errors"' in status
    jobs = client.get("/jobs/").get_data(as_text=True)
    assert "1 created, 0 updated, 2 skipped, 1 failed" in jobs and f'href="/imports/{batch_id}"' in jobs
    assert client.get(f"/api/v1/imports/{batch_id}/errors").status_code == 200  # the link works with the cookie
    # Started: the draft pages lead to the status page now.
    assert client.get(f"/imports/{batch_id}/mapping").headers["Location"].endswith(f"/imports/{batch_id}")


def test_upload_problems_are_shown_next_to_the_file_field(app, world, page_client, tenant_session):
    client = page_client("acme", "rep_n1")

    response = upload(client, data="", name="empty.csv")

    assert response.status_code == 422 and 'id="file-error"' in response.get_data(as_text=True)
    assert "The file is empty." in response.get_data(as_text=True)
    with tenant_session("acme") as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch).where(
            ImportBatch.user_id == world.acme.users["rep_n1"].id)) == 0


@pytest.mark.app_config(CRM_IMPORT_MAX_MB=0.01)
def test_a_too_large_upload_is_413_on_the_form(app, world, page_client):
    response = upload(page_client("acme", "rep_n1"), data="Name\n" + "x" * 20_000 + "\n")

    assert response.status_code == 413 and "0.01 MB" in response.get_data(as_text=True)


def test_a_mapping_without_name_is_refused(app, world, page_client):
    client = page_client("acme", "rep_n1")
    batch_id = batch_id_of(upload(client, data="Phone\n1\n"))
    assert client.get(f"/imports/{batch_id}/preview").status_code == 302  # back to the mapping

    response = client.post(f"/imports/{batch_id}/mapping", data={"column-0": "phone", "on_duplicate": "skip"})

    assert response.status_code == 422 and "customer&#39;s name" in response.get_data(as_text=True)


def test_another_users_import_pages_are_404(app, world, page_client):
    batch_id = batch_id_of(upload(page_client("acme", "rep_n1")))
    for tenant, user in [("acme", "rep_n2"), ("acme", "admin"), ("globex", "rep_n1")]:
        other = page_client(tenant, user)
        for url in [f"/imports/{batch_id}/mapping", f"/imports/{batch_id}/preview", f"/imports/{batch_id}"]:
            assert other.get(url).status_code == 404, (tenant, user, url)
        assert other.post(f"/imports/{batch_id}/run").status_code == 404


def test_the_upload_form_needs_its_csrf_token(app, world, page_client, tenant_session):
    client = page_client("acme", "rep_n1")
    app.config["WTF_CSRF_ENABLED"] = True  # after signing in: the form checks its own token, not the global hook

    assert upload(client).status_code == 400
    with tenant_session("acme") as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 1  # the world's self-test job only
        assert session.scalar(select(func.count()).select_from(ImportBatch).where(
            ImportBatch.user_id == world.acme.users["rep_n1"].id)) == 0


def test_a_draft_whose_file_was_swept_says_so(app, world, page_client):
    client = page_client("acme", "admin")  # the world's batch: a draft whose file is gone

    preview = client.get(f"/imports/{world.acme.batch_id}/preview")
    status = client.get(f"/imports/{world.acme.batch_id}")

    assert preview.status_code == 200 and "was deleted; upload it again" in preview.get_data(as_text=True)
    assert f'action="/imports/{world.acme.batch_id}/run"' not in preview.get_data(as_text=True)
    assert status.status_code == 200 and "has not been started yet" in status.get_data(as_text=True)
