"""Customer attachments: size cap, checked type, visibility of the customer, files on disk by tenant."""
import io
import re
from pathlib import Path

import openpyxl
import pytest

from crm_platform.testing.world import ATTACHMENT_BYTES, WORLD_STORED_NAME

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + b"\0" * 40


def xlsx_bytes():
    """A real .xlsx workbook."""
    book, out = openpyxl.Workbook(), io.BytesIO()
    book.active["A1"] = "客户"
    book.save(out)
    return out.getvalue()


def upload(client, customer_id, name, data):
    """POST a file through the API."""
    return client.post(f"/api/v1/customers/{customer_id}/attachments",
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.fixture
def folder(tmp_path):
    """Where this test's attachment files go (CRM_ATTACHMENT_DIR)."""
    return tmp_path / "files"


@pytest.fixture
def app_config(app_config, folder):
    """Every test of this file keeps its files in `folder`, with a 0.05 MB cap."""
    return {**app_config, "CRM_ATTACHMENT_DIR": str(folder), "CRM_ATTACHMENT_MAX_MB": 0.05}


def stored_files(folder):
    """Every file under the attachment folder, relative to it, but the world's own (brochure.pdf)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != WORLD_STORED_NAME)


def test_upload_list_download_delete(world, api_client, folder):
    acme = world.acme
    owner = api_client("acme", "rep_s1")
    s1 = acme.customers["s1"].id
    created = upload(owner, s1, "offer.pdf", PDF)
    assert created.status_code == 201, created.json
    item = created.json
    assert (item["name"], item["content_type"], item["size"]) == ("offer.pdf", "application/pdf", len(PDF))
    assert item["uploaded_by"] == acme.users["rep_s1"].id
    (path,) = stored_files(folder)
    assert Path(path).parent == Path(str(acme.id)) and len(Path(path).name) == 32  # by tenant, a random name
    assert [a["id"] for a in owner.get(f"/api/v1/customers/{s1}/attachments").json["items"]] == [item["id"]]
    url = f"/api/v1/customers/{s1}/attachments/{item['id']}"
    assert owner.get(url).json["name"] == "offer.pdf"
    got = owner.get(f"{url}/content")
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["Content-Disposition"].startswith("attachment;") and "offer.pdf" in got.headers["Content-Disposition"]
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert owner.delete(url).status_code == 204
    assert owner.get(url).status_code == 404 and stored_files(folder) == []


def test_the_size_cap_is_a_413(world, api_client, folder):
    owner, s1 = api_client("acme", "rep_s1"), world.acme.customers["s1"].id
    too_big = b"a,b\n" * (60 * 1024 // 4)  # 60 KB against a 0.05 MB (51.2 KB) cap
    refused = upload(owner, s1, "big.csv", too_big)
    assert refused.status_code == 413 and "0.05 MB" in refused.json["error"]["message"]
    assert stored_files(folder) == [] and owner.get(f"/api/v1/customers/{s1}/attachments").json["items"] == []
    assert upload(owner, s1, "small.csv", too_big[:40 * 1024]).status_code == 201


@pytest.mark.parametrize("name, data", [
    ("setup.exe", b"MZ\x90\x00" + b"\0" * 60),        # not on the allow-list
    ("photo.png", PDF),                               # a PDF called .png
    ("offer.pdf", PNG),                               # a PNG called .pdf
    ("notes.txt", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),  # HTML called .txt
    ("data.csv", b"\x00\x01\x02binary"),              # not text
    ("noextension", PDF),
])
def test_a_wrong_type_is_refused(world, api_client, folder, name, data):
    owner, s1 = api_client("acme", "rep_s1"), world.acme.customers["s1"].id
    refused = upload(owner, s1, name, data)
    assert refused.status_code == 422 and "file" in refused.json["error"]["fields"], refused.json
    assert stored_files(folder) == []


@pytest.mark.parametrize("name, data, content_type", [
    ("photo.PNG", PNG, "image/png"),
    ("报价.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("客户.csv", "名称,电话\n上海贸易,021 6258 8899\n".encode("utf-8"), "text/csv"),
    ("gbk.txt", "你好，世界".encode("gb18030"), "text/plain"),
])
def test_allowed_types_are_accepted_with_their_own_type(world, api_client, name, data, content_type):
    owner, s1 = api_client("acme", "rep_s1"), world.acme.customers["s1"].id
    created = upload(owner, s1, name, data)
    assert created.status_code == 201, created.json
    assert (created.json["name"], created.json["content_type"]) == (name, content_type)


def test_a_path_in_the_name_is_only_a_name(world, api_client, folder, tmp_path):
    owner, s1 = api_client("acme", "rep_s1"), world.acme.customers["s1"].id
    created = upload(owner, s1, "../../../../escape.pdf", PDF)
    assert created.status_code == 201 and created.json["name"] == "escape.pdf"
    assert not list(tmp_path.rglob("escape.pdf")) and len(stored_files(folder)) == 1


def test_visible_to_who_sees_the_customer_changed_by_who_manages_it(world, api_client):
    acme = world.acme
    owner, rep_n1 = api_client("acme", "rep_s1"), api_client("acme", "rep_n1")
    s1, shared = acme.customers["s1"].id, acme.customers["s1_shared"].id
    hidden = upload(owner, s1, "offer.pdf", PDF).json
    seen = upload(owner, shared, "offer.pdf", PDF).json
    # rep_n1 cannot see s1: its files are as missing as a file that does not exist.
    for url in (f"/api/v1/customers/{s1}/attachments", f"/api/v1/customers/{s1}/attachments/{hidden['id']}",
                f"/api/v1/customers/{s1}/attachments/{hidden['id']}/content"):
        assert rep_n1.get(url).status_code == 404, url
    assert rep_n1.get(f"/api/v1/customers/{s1}/attachments/{hidden['id']}/content").json == \
        rep_n1.get(f"/api/v1/customers/{s1}/attachments/999999/content").json
    assert upload(rep_n1, s1, "x.pdf", PDF).status_code == 404
    # s1_shared is shared with rep_n1: seeing it lets them read its files, not change them.
    assert rep_n1.get(f"/api/v1/customers/{shared}/attachments/{seen['id']}/content").data == PDF
    assert upload(rep_n1, shared, "x.pdf", PDF).status_code == 403
    assert rep_n1.delete(f"/api/v1/customers/{shared}/attachments/{seen['id']}").status_code == 403
    # A file is reached through its own customer only.
    assert owner.get(f"/api/v1/customers/{shared}/attachments/{hidden['id']}").status_code == 404
    world_file = f"/api/v1/customers/{shared}/attachments/{acme.attachment_id}/content"
    assert rep_n1.get(world_file).data == ATTACHMENT_BYTES


def test_another_tenants_files_are_missing(world, api_client):
    globex = api_client("globex", "rep_s1")
    acme_s1 = world.acme.customers["s1"].id
    item = upload(api_client("acme", "rep_s1"), acme_s1, "offer.pdf", PDF).json
    globex_s1 = world.globex.customers["s1"].id
    assert globex.get(f"/api/v1/customers/{acme_s1}/attachments/{item['id']}/content").status_code == 404
    assert globex.get(f"/api/v1/customers/{globex_s1}/attachments/{item['id']}/content").status_code == 404
    assert globex.get(f"/api/v1/customers/{globex_s1}/attachments").json["items"] == []


def test_deleted_and_merged_with_the_customer(world, api_client, folder):
    acme = world.acme
    admin = api_client("acme", "admin")
    alpha, beta, n2 = (acme.customers[k].id for k in ("n1_alpha", "n1_beta", "n2"))
    moved = upload(admin, beta, "offer.pdf", PDF).json
    upload(admin, n2, "photo.png", PNG)
    assert len(stored_files(folder)) == 2
    assert admin.post(f"/api/v1/customers/{alpha}/merge", json={"merge_id": beta}).status_code == 200
    assert admin.get(f"/api/v1/customers/{alpha}/attachments/{moved['id']}/content").data == PDF
    assert admin.delete(f"/api/v1/customers/{n2}").status_code == 204
    assert len(stored_files(folder)) == 1  # n2's file went with it; the merged one stays, now alpha's
    assert admin.delete(f"/api/v1/customers/{alpha}").status_code == 204
    assert stored_files(folder) == []


def test_uploads_and_deletes_are_audited(world, api_client):
    admin, s1 = api_client("acme", "admin"), world.acme.customers["s1"].id
    item = upload(api_client("acme", "rep_s1"), s1, "offer.pdf", PDF).json
    api_client("acme", "rep_s1").delete(f"/api/v1/customers/{s1}/attachments/{item['id']}")
    trail = admin.get("/api/v1/audit", query_string={"entity": "customer_attachment"}).json["items"]
    assert [(e["action"], e["summary"], e["actor_id"]) for e in trail] == [
        ("delete", "offer.pdf", world.acme.users["rep_s1"].id), ("create", "offer.pdf", world.acme.users["rep_s1"].id)]
    assert "stored_name" not in trail[1]["changes"] and trail[1]["changes"]["customer_id"] == s1


def test_the_customer_page_uploads_lists_and_deletes(world, page_client, folder):
    client = page_client("acme", "rep_s1")
    s1 = world.acme.customers["s1"].id
    done = client.post(f"/customers/{s1}/attachments", data={"file": (io.BytesIO(PDF), "offer.pdf")},
                       content_type="multipart/form-data")
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/customers/{s1}#attachments")
    page = client.get(f"/customers/{s1}").get_data(as_text=True)
    assert 'id="attachments"' in page and "offer.pdf" in page
    (attachment_id,) = [int(line.split("/attachments/")[1].split('"')[0]) for line in page.splitlines()
                        if f"/customers/{s1}/attachments/" in line and "href" in line and "delete" not in line]
    got = client.get(f"/customers/{s1}/attachments/{attachment_id}")
    assert got.data == PDF and got.headers["X-Content-Type-Options"] == "nosniff"
    wrong = client.post(f"/customers/{s1}/attachments", data={"file": (io.BytesIO(PDF), "photo.png")},
                        content_type="multipart/form-data")
    assert wrong.status_code == 422 and "not a .png file" in wrong.get_data(as_text=True)
    big = client.post(f"/customers/{s1}/attachments", data={"file": (io.BytesIO(b"a" * 200_000), "big.txt")},
                      content_type="multipart/form-data")
    assert big.status_code == 413 and "larger than 0.05 MB" in big.get_data(as_text=True)
    assert client.post(f"/customers/{s1}/attachments/{attachment_id}/delete").status_code == 302
    assert stored_files(folder) == []
    shared_page = page_client("acme", "rep_n1").get(f"/customers/{world.acme.customers['s1_shared'].id}")
    assert 'enctype="multipart/form-data"' not in shared_page.get_data(as_text=True)  # sees, does not manage


def test_the_upload_form_needs_its_csrf_token(app, world, page_client, folder):
    client = page_client("acme", "rep_s1")
    s1 = world.acme.customers["s1"].id
    app.config["WTF_CSRF_ENABLED"] = True  # after signing in: the view checks the token itself, after raising the cap
    forged = client.post(f"/customers/{s1}/attachments", data={"file": (io.BytesIO(PDF), "offer.pdf")},
                         content_type="multipart/form-data")
    assert forged.status_code == 400 and stored_files(folder) == []
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/customers/{s1}").get_data(as_text=True))
    done = client.post(f"/customers/{s1}/attachments", content_type="multipart/form-data",
                       data={"csrf_token": token.group(1), "file": (io.BytesIO(PDF), "offer.pdf")})
    assert done.status_code == 302 and len(stored_files(folder)) == 1
