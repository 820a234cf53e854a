"""Leads through the core's import flow: API and pages, CSV and .xlsx, duplicates of open leads, a real worker."""
import csv
import io
import re

import openpyxl
import pytest
from sqlalchemy import select

from crm_platform.models import ImportBatch
from plugins.sales_automation.leads import import_kind
from plugins.sales_automation.leads.service import create_lead
from plugins.sales_automation.models import Lead

KIND = "sales_automation_leads"
ROWS = """姓名,公司,职位,邮箱,电话,地区,来源,备注,负责人邮箱
Wang Fang,East Instruments,Buyer,wang@east.test,138 0013 8000,North,fair,met at the fair,rep_n2@example.test
Li Lei,,,LI@OLD.TEST,,,,,
Zhao Min,,,,+86 139-0013-9000,,展会,,
Chen Jie,,,chen@new.test,,,,,nobody@example.test
,Nameless Ltd,,x@y.test,,,,,
Bad Mail,,,not-an-email,,,,,
Wang Again,,,Wang@East.test,,,,,
"""


@pytest.fixture
def leads(sales, tenant_session):
    """Open and closed leads already in acme: rep_n1's li@old.test is open, 13900139000 only on a converted one."""
    with tenant_session("acme") as session:
        create_lead({"name": "Li Lei (old)", "email": "li@old.test", "owner_id": sales.acme.users["rep_n1"].id})
        converted = create_lead({"name": "Zhao Min (old)", "phone": "13900139000"})
        converted.status = "converted"
        session.commit()
    return sales


def post_leads(client, data, name="leads.csv", **form):
    """POST a lead file to the import API."""
    body = data.encode() if isinstance(data, str) else data
    return client.post("/api/v1/imports", data={"file": (io.BytesIO(body), name), "kind": KIND, **form},
                       content_type="multipart/form-data")


def acme_leads(tenant_session):
    """{name: lead fields} of acme's leads."""
    with tenant_session("acme") as session:
        return {lead.name: {"company": lead.company, "title": lead.title, "email": lead.email, "phone": lead.phone,
                            "region": lead.region, "source": lead.source, "notes": lead.notes,
                            "owner_id": lead.owner_id, "status": lead.status, "created_by_id": lead.created_by_id}
                for lead in session.scalars(select(Lead))}


def report(client, batch_id):
    """The import's report rows as {row: reason}."""
    body = client.get(f"/api/v1/imports/{batch_id}/errors").get_data().decode("utf-8-sig")
    return {row["Row"]: row["Reason"] for row in csv.DictReader(io.StringIO(body))}


def test_a_csv_of_leads_imports_through_the_api_on_a_worker(leads, api_client, tenant_session, jobs):
    client = api_client("acme", "manager_north")  # gives leads to rep_n2 of their unit
    kinds = {kind["key"]: kind for kind in client.get("/api/v1/imports/kinds").json}
    assert kinds[KIND]["on_duplicate"] == ["skip", "create"]
    assert [field["name"] for field in kinds[KIND]["fields"] if field["required"]] == ["name"]

    started = post_leads(client, ROWS)

    assert started.status_code == 202 and started.json["kind"] == "sales_automation_leads_import"
    assert jobs.work()
    batch_id = started.json["params"]["batch_id"]
    batch = client.get(f"/api/v1/imports/{batch_id}").json
    assert (batch["status"], batch["counts"]) == ("finished", {"created": 2, "updated": 0, "skipped": 2, "failed": 3})
    created = acme_leads(tenant_session)
    manager, rep_n2 = (leads.acme.users[key].id for key in ("manager_north", "rep_n2"))
    assert created["Wang Fang"] == {"company": "East Instruments", "title": "Buyer", "email": "wang@east.test",
                                    "phone": "138 0013 8000", "region": "North", "source": "fair",
                                    "notes": "met at the fair", "owner_id": rep_n2, "status": "new",
                                    "created_by_id": manager}
    assert created["Zhao Min"]["owner_id"] == manager  # no owner, no assignment rule: the importer
    # A source people wrote becomes the customer source it means ("展会" is a trade fair); others stay as written.
    assert (created["Zhao Min"]["source"], created["Wang Fang"]["source"]) == ("exhibition", "fair")
    # The converted lead with Zhao Min's number is no duplicate: only open leads are.
    assert created["Zhao Min"]["phone"] == "+86 139-0013-9000"
    assert "Li Lei" not in created and "Wang Again" not in created  # an open lead's email, and row 2's
    reasons = report(client, batch_id)
    assert set(reasons) == {"5", "6", "7"}
    assert "No active user has the email nobody@example.test." in reasons["5"]
    assert reasons["6"].startswith("name:") and reasons["7"].startswith("email:")


def test_duplicates_may_be_imported_anyway_and_update_is_not_offered(leads, api_client, tenant_session, jobs):
    client = api_client("acme", "manager_north")
    assert post_leads(client, ROWS, on_duplicate="update").status_code == 422

    started = post_leads(client, ROWS, on_duplicate="create")

    jobs.work()
    batch = client.get(f"/api/v1/imports/{started.json['params']['batch_id']}").json
    assert batch["counts"] == {"created": 4, "updated": 0, "skipped": 0, "failed": 3}
    assert {"Li Lei", "Wang Again"} <= set(acme_leads(tenant_session))


def test_a_rep_gives_imported_leads_only_to_whom_the_page_allows_and_keeps_the_rest(leads, api_client,
                                                                                   tenant_session, jobs):
    rows = ("Name,Owner\nFor a peer,rep_n2@example.test\nFor the boss,manager_north@example.test\n"
            "For me,rep_n1@example.test\nNobody's,\n")
    client = api_client("acme", "rep_n1")

    started = post_leads(client, rows)

    jobs.work()
    batch_id = started.json["params"]["batch_id"]
    assert client.get(f"/api/v1/imports/{batch_id}").json["counts"] == {
        "created": 2, "updated": 0, "skipped": 0, "failed": 2}
    reasons = report(client, batch_id)
    assert "You may not give leads to rep_n2@example.test." in reasons["2"]
    assert "You may not give leads to manager_north@example.test." in reasons["3"]
    rep_n1 = leads.acme.users["rep_n1"].id
    created = acme_leads(tenant_session)
    assert (created["For me"]["owner_id"], created["Nobody's"]["owner_id"]) == (rep_n1, rep_n1)
    seen = {lead["name"] for lead in client.get("/api/v1/sales/leads?q=For").json["items"]}
    assert seen == {"For me"} and client.get("/api/v1/sales/leads?q=Nobody").json["items"]  # theirs to see


def test_an_xlsx_of_leads_through_the_pages(leads, page_client, tenant_session, jobs):
    book = openpyxl.Workbook()
    book.active.append(["Lead name", "E-mail", "Mobile", "Owner"])
    book.active.append(["Sun Li", "sun@li.test", 13700137000, "manager_north@example.test"])
    book.active.append(["Li Again", "li@old.test", None, None])
    data = io.BytesIO()
    book.save(data)
    client = page_client("acme", "manager_north")
    form = client.get(f"/imports/new?kind={KIND}").get_data(as_text=True)
    assert "Import leads" in form and f'<option value="{KIND}" selected' in form

    uploaded = client.post("/imports/new", data={"kind": KIND, "file": (io.BytesIO(data.getvalue()), "线索.xlsx")},
                           content_type="multipart/form-data")

    batch_id = int(re.search(r"/imports/(\d+)/mapping", uploaded.headers["Location"]).group(1))
    mapping = client.get(f"/imports/{batch_id}/mapping").get_data(as_text=True)
    assert "When a row matches an open lead by email or phone" in mapping
    assert re.search(r'name="column-2".*?<option value="phone" selected', mapping, re.S)
    assert client.post(f"/imports/{batch_id}/mapping", data={
        "column-0": "name", "column-1": "email", "column-2": "phone", "column-3": "owner",
        "on_duplicate": "update"}).status_code == 422  # leads offer skip and create only
    assert client.post(f"/imports/{batch_id}/mapping", data={
        "column-0": "", "column-1": "email", "on_duplicate": "skip"}).status_code == 422  # a lead needs its name
    mapped = client.post(f"/imports/{batch_id}/mapping", data={
        "column-0": "name", "column-1": "email", "column-2": "phone", "column-3": "owner", "on_duplicate": "skip"})
    assert mapped.status_code == 302
    preview = client.get(f"/imports/{batch_id}/preview").get_data(as_text=True)
    rows = {row: action for action, row in re.findall(r'class="plan-(\w+)" data-row="(\d+)"', preview)}
    assert rows == {"2": "create", "3": "skip"}
    assert "Same email as" in preview and "Li Lei (old)" in preview  # rep_n1's: their manager sees it

    assert client.post(f"/imports/{batch_id}/run").status_code == 302
    jobs.work()
    status = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert re.search(r'class="count-created">1<', status) and re.search(r'class="count-skipped">1<', status)
    sun = acme_leads(tenant_session)["Sun Li"]
    assert (sun["phone"], sun["owner_id"]) == ("13700137000", leads.acme.users["manager_north"].id)
    assert f'href="/imports/{batch_id}"' in client.get("/jobs/").get_data(as_text=True)


def test_a_rep_is_told_of_a_lead_it_may_not_see_without_its_name(leads, page_client):
    client = page_client("acme", "rep_n2")
    uploaded = client.post("/imports/new", data={"kind": KIND, "file": (io.BytesIO(b"Name,Email\nX,li@old.test\n"),
                                                                        "l.csv")},
                           content_type="multipart/form-data")
    batch_id = int(re.search(r"/imports/(\d+)/mapping", uploaded.headers["Location"]).group(1))

    preview = client.get(f"/imports/{batch_id}/preview").get_data(as_text=True)

    assert "Same email as an open lead." in preview and "Li Lei (old)" not in preview


@pytest.mark.app_config(CRM_IMPORT_CHUNK_SIZE=2)
def test_a_failed_run_resumes_after_its_checkpoint_without_importing_a_row_twice(leads, api_client, tenant_session,
                                                                                 jobs, monkeypatch):
    rows = "Name,Email\n" + "".join(f"Lead {n},lead{n}@run.test\n" for n in range(7))
    made = []

    def crash_on_the_fifth(data, actor_id=None, fallback_owner_id=None):
        """create_lead, but the worker dies at the fifth row (in the third chunk)."""
        if len(made) == 4:
            raise RuntimeError("worker died")
        made.append(data["name"])
        return create_lead(data, actor_id, fallback_owner_id)

    monkeypatch.setattr(import_kind, "create_lead", crash_on_the_fifth)
    client = api_client("acme", "rep_n1")
    started = post_leads(client, rows)
    jobs.work()
    batch_id = started.json["params"]["batch_id"]
    assert client.get(f"/api/v1/jobs/{started.json['id']}").json["status"] == "failed"
    assert client.get(f"/api/v1/imports/{batch_id}").json["rows_done"] == 4
    assert len(acme_leads(tenant_session)) == 2 + 4  # the fixture's two and the two committed chunks

    monkeypatch.setattr(import_kind, "create_lead", create_lead)
    assert client.post(f"/api/v1/imports/{batch_id}/resume").status_code == 202
    jobs.work()

    names = [name for name in acme_leads(tenant_session) if name.startswith("Lead ")]
    assert sorted(names) == [f"Lead {n}" for n in range(7)]
    assert client.get(f"/api/v1/imports/{batch_id}").json["counts"]["created"] == 7


def test_a_disabled_module_refuses_its_kind_and_its_drafts(leads, api_client, page_client, enable_plugin,
                                                           tenant_session):
    pages = page_client("acme", "rep_n1")
    uploaded = pages.post("/imports/new", data={"kind": KIND, "file": (io.BytesIO(b"Name\nA\n"), "l.csv")},
                          content_type="multipart/form-data")
    batch_id = int(re.search(r"/imports/(\d+)/mapping", uploaded.headers["Location"]).group(1))

    enable_plugin("acme", "sales_automation", enabled=False)

    client = api_client("acme", "rep_n1")
    assert post_leads(client, "Name\nA\n").status_code == 422
    assert KIND not in [kind["key"] for kind in client.get("/api/v1/imports/kinds").json]
    assert pages.get(f"/imports/new?kind={KIND}").status_code == 404
    assert pages.get(f"/imports/{batch_id}/preview").status_code == 409
    assert pages.post(f"/imports/{batch_id}/run").status_code == 409
    assert client.get(f"/api/v1/imports/{batch_id}").json["status"] == "draft"  # still the user's to read
    with tenant_session("acme") as session:
        assert session.get(ImportBatch, batch_id).job_id is None


def test_another_workspace_cannot_see_or_run_a_lead_batch(leads, api_client, page_client, tenant_session):
    pages = page_client("acme", "rep_n1")
    uploaded = pages.post("/imports/new", data={"kind": KIND, "file": (io.BytesIO(b"Name\nA\n"), "l.csv")},
                          content_type="multipart/form-data")
    batch_id = int(re.search(r"/imports/(\d+)/mapping", uploaded.headers["Location"]).group(1))

    for tenant, user in [("globex", "rep_n1"), ("globex", "admin"), ("acme", "rep_n2")]:
        other_pages, other_api = page_client(tenant, user), api_client(tenant, user)
        for url in (f"/imports/{batch_id}/mapping", f"/imports/{batch_id}/preview", f"/imports/{batch_id}"):
            assert other_pages.get(url).status_code == 404, (tenant, user, url)
        assert other_pages.post(f"/imports/{batch_id}/run").status_code == 404
        assert other_api.get(f"/api/v1/imports/{batch_id}").status_code == 404
        assert other_api.post(f"/api/v1/imports/{batch_id}/resume").status_code == 404
    with tenant_session("acme") as session:
        assert session.get(ImportBatch, batch_id).started_at is None
