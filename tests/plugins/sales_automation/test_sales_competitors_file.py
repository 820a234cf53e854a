"""The competitor file: everyone reads it, `sales.competitors` writes it, names are unique per workspace."""
import re

from sqlalchemy import select

from plugins.sales_automation.models import Competitor

URL = "/api/v1/sales/competitors"


def test_a_manager_keeps_the_file_and_a_rep_reads_it(sales, api_client):
    manager = api_client("acme", "manager_north")
    made = manager.post(URL, json={"name": "Kingdee", "website": "https://www.kingdee.com",
                                   "strengths": "Brand", "weaknesses": "Price", "products": "ERP, cloud"})
    assert made.status_code == 201, made.json
    rep = api_client("acme", "rep_n1")
    assert [c["name"] for c in rep.get(URL).json["items"]] == ["Kingdee"]
    assert rep.get(f"{URL}/{made.json['id']}").json["products"] == "ERP, cloud"
    assert rep.post(URL, json={"name": "Yonyou"}).status_code == 403
    assert rep.patch(f"{URL}/{made.json['id']}", json={"name": "X"}).status_code == 403
    assert rep.delete(f"{URL}/{made.json['id']}").status_code == 403
    changed = manager.patch(f"{URL}/{made.json['id']}", json={"weaknesses": "Slow support"})
    assert (changed.status_code, changed.json["weaknesses"], changed.json["name"]) == (200, "Slow support", "Kingdee")


def test_a_name_already_in_the_file_is_a_clear_422_but_another_workspace_may_use_it(sales, api_client):
    admin = api_client("acme", "admin")
    first = admin.post(URL, json={"name": "Yonyou"}).json
    clash = admin.post(URL, json={"name": "yonyou "})
    assert clash.status_code == 422
    assert "already has a competitor named" in clash.json["error"]["fields"]["name"][0]
    other = admin.post(URL, json={"name": "Salesforce"}).json
    assert admin.patch(f"{URL}/{other['id']}", json={"name": "YONYOU"}).status_code == 422
    assert admin.patch(f"{URL}/{first['id']}", json={"name": "Yonyou"}).status_code == 200
    assert api_client("globex", "admin").post(URL, json={"name": "Yonyou"}).status_code == 201


def test_bad_input_is_a_422_never_a_500(sales, api_client):
    admin = api_client("acme", "admin")
    assert admin.post(URL, json={"name": ""}).status_code == 422
    assert admin.post(URL, json={"name": "A", "website": "not a url"}).status_code == 422
    assert admin.post(URL, json={"name": "A" * 201}).status_code == 422
    assert admin.get(f"{URL}?cursor=garbage").status_code == 400


def test_search_and_pages(sales, api_client):
    admin = api_client("acme", "admin")
    for name, products in (("Alpha Soft", "CRM"), ("Beta Systems", "ERP"), ("Gamma", "crm suite")):
        admin.post(URL, json={"name": name, "products": products})
    assert [c["name"] for c in admin.get(f"{URL}?q=crm").json["items"]] == ["Alpha Soft", "Gamma"]
    first = admin.get(f"{URL}?limit=2").json
    second = admin.get(f"{URL}?limit=2&cursor={first['next_cursor']}").json
    assert [c["name"] for c in first["items"] + second["items"]] == ["Alpha Soft", "Beta Systems", "Gamma"]


def test_pages_list_search_create_edit_and_delete(sales, page_client, tenant_session):
    manager = page_client("acme", "manager_north")
    answer = manager.post("/sales/competitors/new", data={"name": "Kingdee", "products": "ERP"})
    assert answer.status_code == 302
    again = manager.post("/sales/competitors/new", data={"name": "Kingdee"})
    assert again.status_code == 422 and "already has a competitor named" in again.get_data(as_text=True)
    with tenant_session("acme") as session:
        competitor_id = session.scalar(select(Competitor.id).where(Competitor.name == "Kingdee"))
    listing = manager.get("/sales/competitors/?q=erp").get_data(as_text=True)
    assert "Kingdee" in listing and "New competitor" in listing
    assert manager.post(f"/sales/competitors/{competitor_id}/edit",
                        data={"name": "Kingdee", "strengths": "Brand"}).status_code == 302
    detail = manager.get(f"/sales/competitors/{competitor_id}").get_data(as_text=True)
    assert "Brand" in detail and "data-confirm=" in detail
    rep = page_client("acme", "rep_n1")
    assert "New competitor" not in rep.get("/sales/competitors/").get_data(as_text=True)
    assert rep.get("/sales/competitors/new").status_code == 403
    assert rep.post(f"/sales/competitors/{competitor_id}/delete").status_code == 403
    assert manager.post(f"/sales/competitors/{competitor_id}/delete").status_code == 302
    with tenant_session("acme") as session:
        assert session.get(Competitor, competitor_id) is None


def test_the_menu_has_competitors_and_my_to_dos(sales, page_client):
    page = page_client("acme", "rep_n1").get("/sales/competitors/").get_data(as_text=True)
    assert '<a href="/sales/competitors/" aria-current="page">Competitors</a>' in page
    assert re.search(r'<a href="/sales/todos/"\s*>My to-dos</a>', page)


def test_the_api_is_in_the_openapi_document(sales, client):
    doc = client.get("/api/openapi.json").json
    assert {"/api/v1/sales/competitors", "/api/v1/sales/competitors/{competitor_id}", "/api/v1/sales/competitors/record",
            "/api/v1/sales/opportunities/{opportunity_id}/competitors",
            "/api/v1/sales/opportunities/{opportunity_id}/competitors/{competitor_id}"} <= set(doc["paths"])
    assert {"SalesCompetitor", "SalesBidder", "SalesCompetitorRecord"} <= set(doc["components"]["schemas"])
