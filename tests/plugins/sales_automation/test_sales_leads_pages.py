"""The leads pages: list and filters, the form, a lead's actions, conversion, assignees and web forms."""
import re

from sales_leads_support import new_lead


def csrf(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def post(browser, url, data, page_url):
    return browser.post(url, data={"csrf_token": csrf(browser.get(page_url)), **data})


def test_list_filters_and_the_menu(sales, api_client, page_client):
    new_lead(api_client, name="Sun Li", company="Maple Ltd", source="website")
    new_lead(api_client, name="Zhou Min", source="referral")
    browser = page_client("acme", "rep_n1")
    text = browser.get("/sales/leads/").get_data(as_text=True)
    assert "Sun Li" in text and "Zhou Min" in text and 'href="/sales/leads/"' in text
    filtered = browser.get("/sales/leads/?q=maple").get_data(as_text=True)
    assert "Sun Li" in filtered and "Zhou Min" not in filtered
    assert browser.get("/sales/leads/?status=bogus").status_code == 400
    assert "Web forms" not in text
    assert "Web forms" in page_client("acme", "admin").get("/sales/leads/").get_data(as_text=True)
    # Leads import through the core's flow, as their own kind.
    assert 'href="/imports/new?kind=sales_automation_leads"' in text
    assert browser.get("/imports/new?kind=sales_automation_leads").status_code == 200


def test_create_edit_move_and_delete_on_pages(sales, page_client):
    browser = page_client("acme", "rep_n1")
    bad = post(browser, "/sales/leads/new", {"name": "", "email": "nope"}, "/sales/leads/new")
    assert bad.status_code == 422
    made = post(browser, "/sales/leads/new", {"name": "Guo Jing", "company": "Peach Co"}, "/sales/leads/new")
    assert made.status_code == 302
    detail = made.headers["Location"]
    lead_id = int(detail.rstrip("/").rsplit("/", 1)[1])
    assert "Peach Co" in browser.get(detail).get_data(as_text=True)
    edited = post(browser, f"/sales/leads/{lead_id}/edit", {"name": "Guo Jing", "company": "Plum Co",
                                                            "owner_id": str(sales.acme.users["rep_n1"].id)}, detail)
    assert edited.status_code == 302 and "Plum Co" in browser.get(detail).get_data(as_text=True)
    post(browser, f"/sales/leads/{lead_id}/disqualify", {"reason": ""}, detail)
    assert "Working" not in browser.get(detail).get_data(as_text=True)
    post(browser, f"/sales/leads/{lead_id}/work", {}, detail)
    assert "Working" in browser.get(detail).get_data(as_text=True)
    post(browser, f"/sales/leads/{lead_id}/disqualify", {"reason": "Went elsewhere"}, detail)
    assert "Went elsewhere" in browser.get(detail).get_data(as_text=True)
    assert post(browser, f"/sales/leads/{lead_id}/delete", {}, detail).status_code == 302
    assert browser.get(detail).status_code == 404


def test_convert_on_the_page_offers_the_duplicate(sales, api_client, page_client):
    lead = new_lead(api_client, name="Ma Rui", email="buy@alpha.test")
    api_client("acme", "rep_n1").post(f"/api/v1/sales/leads/{lead['id']}/work")
    browser = page_client("acme", "rep_n1")
    url = f"/sales/leads/{lead['id']}/convert"
    text = browser.get(url).get_data(as_text=True)
    assert "Link to Alpha Trading" in text
    refused = post(browser, url, {"customer_id": "", "contact": "1"}, url)
    assert refused.status_code == 422
    alpha = sales.acme.customers["n1_alpha"].id
    done = post(browser, url, {"customer_id": str(alpha), "contact": "1", "opportunity": "1", "name": "Refill"}, url)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/customers/{alpha}")


def test_assignees_and_web_forms_pages(sales, page_client):
    admin = page_client("acme", "admin")
    assert page_client("acme", "rep_n1").get("/sales/leads/assignees").status_code == 403
    added = post(admin, "/sales/leads/assignees", {"user_id": str(sales.acme.users["rep_n2"].id), "region": "North"},
                 "/sales/leads/assignees")
    assert added.status_code == 302 and "Rep N2" in admin.get("/sales/leads/assignees").get_data(as_text=True)
    for user_id in ("²", str(2**63), ""):
        refused = post(admin, "/sales/leads/assignees", {"user_id": user_id}, "/sales/leads/assignees")
        assert refused.status_code == 422, user_id
    made = post(admin, "/sales/leads/forms", {"name": "Expo sign-up", "source": "exhibition"}, "/sales/leads/forms")
    assert made.status_code == 302
    text = admin.get("/sales/leads/forms").get_data(as_text=True)
    assert "Expo sign-up" in text and "&lt;iframe src=&#34;http://localhost/forms/lead/" in text.replace('"', "&#34;")


def test_pages_in_chinese(sales, api_client, page_client):
    new_lead(api_client)
    browser = page_client("acme", "rep_n1")
    text = browser.get("/sales/leads/", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "线索" in text
