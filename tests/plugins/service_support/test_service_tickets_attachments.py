"""Ticket files: the size cap, the type checked by sniffing, who may download and delete, the file on disk."""
from io import BytesIO

import pytest
from service_kit import make_ticket
from service_tickets_kit import PDF, upload
from sqlalchemy import func, select

from crm_platform.attachments.storage import attachment_path
from plugins.service_support.models import TicketAttachment

URL = "/api/v1/service/tickets"


def files_on_disk(app, tenant_id):
    """The names of the tenant's stored files, less the world's customer attachment."""
    with app.app_context():
        folder = attachment_path(tenant_id, "0" * 32).parent
        return sorted(path.name for path in folder.iterdir() if path.name != "0" * 32) if folder.exists() else []


def count_rows(tenant_session):
    with tenant_session("acme") as session:
        return session.scalar(select(func.count(TicketAttachment.id)))


def test_a_pdf_is_stored_listed_and_downloaded_as_itself(service, app, tenant_session, api_client):
    ticket_id = make_ticket(service, tenant_session)
    rep = api_client("acme", "rep_n1")
    added = upload(rep, ticket_id, name="测试报告.pdf")
    assert added.status_code == 201 and added.json["content_type"] == "application/pdf"
    assert added.json["size"] == len(PDF) and added.json["name"] == "测试报告.pdf"
    assert [f["id"] for f in rep.get(f"{URL}/{ticket_id}/attachments").json["items"]] == [added.json["id"]]
    got = rep.get(f"{URL}/{ticket_id}/attachments/{added.json['id']}/content")
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["Content-Type"] == "application/pdf" and "attachment" in got.headers["Content-Disposition"]
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert len(files_on_disk(app, service.acme.id)) == 1


@pytest.mark.app_config(CRM_ATTACHMENT_MAX_MB=0.001)
def test_a_file_over_the_cap_is_413_with_the_limit_and_nothing_is_stored(service, app, tenant_session, api_client,
                                                                         page_client):
    ticket_id = make_ticket(service, tenant_session)
    big = PDF + b"0" * 2048
    answer = upload(api_client("acme", "rep_n1"), ticket_id, content=big)
    assert answer.status_code == 413 and "0.001 MB" in answer.json["error"]["message"]
    page = page_client("acme", "rep_n1").post(f"/service/tickets/{ticket_id}/messages", data={
        "kind": "note", "body": "See the scan", "file": (BytesIO(big), "scan.pdf")},
        content_type="multipart/form-data")
    assert page.status_code == 413 and "0.001 MB" in page.get_data(as_text=True)
    assert count_rows(tenant_session) == 0 and files_on_disk(app, service.acme.id) == []


def test_a_file_whose_bytes_are_not_its_type_is_refused(service, app, tenant_session, api_client, page_client):
    ticket_id = make_ticket(service, tenant_session)
    fake = upload(api_client("acme", "rep_n1"), ticket_id, content=b"MZ\x90\x00 not a pdf at all", name="invoice.pdf")
    assert fake.status_code == 422 and "not a .pdf file" in str(fake.json)
    exe = upload(api_client("acme", "rep_n1"), ticket_id, content=b"MZ\x90\x00", name="tool.exe")
    assert exe.status_code == 422
    page = page_client("acme", "rep_n1").post(f"/service/tickets/{ticket_id}/attachments", data={
        "file": (BytesIO(b"plain words"), "invoice.pdf")}, content_type="multipart/form-data")
    assert page.status_code == 422 and "not a .pdf file" in page.get_data(as_text=True)
    assert count_rows(tenant_session) == 0 and files_on_disk(app, service.acme.id) == []


def test_only_who_may_see_the_ticket_downloads(service, tenant_session, api_client, page_client):
    ticket_id = make_ticket(service, tenant_session, customer="s1", assignee="rep_n2", team="north1")
    file_id = upload(api_client("acme", "rep_s1"), ticket_id).json["id"]
    path = f"{URL}/{ticket_id}/attachments/{file_id}/content"
    for user in ("rep_s1", "rep_n2", "rep_n1", "manager_south", "executive"):  # owner, assignee, team, managers
        assert api_client("acme", user).get(path).status_code == 200, user
    assert api_client("acme", "manager_north").get(path).status_code == 200  # leads North-1
    missing = api_client("acme", "rep_n2").get(f"{URL}/{ticket_id}/attachments/1/content").json
    for user in ("admin",):
        assert api_client("globex", user).get(path).status_code == 404
    page = f"/service/tickets/{ticket_id}/attachments/{file_id}"
    assert page_client("acme", "rep_n2").get(page).status_code == 200
    assert missing["error"]["message"]


def test_a_file_is_deleted_by_its_uploader_or_the_assignee_and_leaves_the_disk(service, app, tenant_session,
                                                                                api_client):
    ticket_id = make_ticket(service, tenant_session, customer="s1", assignee="rep_n2", team="north1")
    file_id = upload(api_client("acme", "rep_s1"), ticket_id).json["id"]
    item = f"{URL}/{ticket_id}/attachments/{file_id}"
    assert api_client("acme", "rep_n1").delete(item).status_code == 403  # sees it through the team only
    assert len(files_on_disk(app, service.acme.id)) == 1
    assert api_client("acme", "rep_n2").delete(item).status_code == 204
    assert files_on_disk(app, service.acme.id) == [] and count_rows(tenant_session) == 0


def test_files_on_a_reply_come_with_the_message(service, tenant_session, page_client, api_client):
    ticket_id = make_ticket(service, tenant_session)
    answer = page_client("acme", "rep_n1").post(f"/service/tickets/{ticket_id}/messages", data={
        "kind": "note", "body": "Photo of the meter", "file": (BytesIO(PDF), "meter.pdf")},
        content_type="multipart/form-data")
    assert answer.status_code == 302
    [message] = api_client("acme", "rep_n1").get(f"{URL}/{ticket_id}/messages").json["items"]
    assert [f["name"] for f in message["attachments"]] == ["meter.pdf"]
