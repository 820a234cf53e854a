"""The leads API: create, list with filters and pages, read, change, delete, and the status actions."""
from sales_leads_support import LEADS, MISSING_ID, new_lead


def test_create_list_read_change_and_delete(sales, api_client):
    rep = api_client("acme", "rep_n1")
    lead = new_lead(api_client, company="Huaxin Tech", email="wang@huaxin.test", phone="13800138000",
                    source="website", region="North")
    assert (lead["status"], lead["owner_id"]) == ("new", sales.acme.users["rep_n1"].id)
    assert rep.get(f"{LEADS}/{lead['id']}").get_json()["company"] == "Huaxin Tech"
    changed = rep.patch(f"{LEADS}/{lead['id']}", json={"title": "CTO"})
    assert changed.status_code == 200 and changed.get_json()["title"] == "CTO"
    assert [item["id"] for item in rep.get(LEADS).get_json()["items"]] == [lead["id"]]
    assert rep.delete(f"{LEADS}/{lead['id']}").status_code == 204
    assert rep.get(f"{LEADS}/{lead['id']}").status_code == 404


def test_filters_search_and_keyset_pages(sales, api_client):
    rep = api_client("acme", "rep_n1")
    made = [new_lead(api_client, name=f"Lead {i}", company="Acme Steel" if i % 2 else "Blue Sky",
                     source="exhibition" if i < 2 else "website", region="South" if i == 4 else "North")
            for i in range(5)]
    assert {i["name"] for i in rep.get(f"{LEADS}?q=steel").get_json()["items"]} == {"Lead 1", "Lead 3"}
    assert {i["name"] for i in rep.get(f"{LEADS}?q=blue lead 2").get_json()["items"]} == {"Lead 2"}
    assert {i["name"] for i in rep.get(f"{LEADS}?source=exhibition").get_json()["items"]} == {"Lead 0", "Lead 1"}
    assert [i["name"] for i in rep.get(f"{LEADS}?region=South").get_json()["items"]] == ["Lead 4"]
    first = rep.get(f"{LEADS}?limit=2").get_json()
    second = rep.get(f"{LEADS}?limit=2&cursor={first['next_cursor']}").get_json()
    third = rep.get(f"{LEADS}?limit=2&cursor={second['next_cursor']}").get_json()
    seen = [i["id"] for page in (first, second, third) for i in page["items"]]
    assert sorted(seen) == sorted(lead["id"] for lead in made) and third["next_cursor"] is None
    new_id = made[0]["id"]
    rep.post(f"{LEADS}/{new_id}/qualify")
    assert [i["id"] for i in rep.get(f"{LEADS}?status=qualified").get_json()["items"]] == [new_id]


def test_status_flow_and_disqualify_needs_a_reason(sales, api_client):
    rep = api_client("acme", "rep_n1")
    lead = new_lead(api_client)
    url = f"{LEADS}/{lead['id']}"
    assert rep.post(f"{url}/work").get_json()["status"] == "working"
    again = rep.post(f"{url}/work")
    assert again.status_code == 422 and again.get_json()["error"]["message"]
    no_reason = rep.post(f"{url}/disqualify", json={"reason": ""})
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["error"]["fields"]
    assert rep.post(f"{url}/qualify").get_json()["status"] == "qualified"
    done = rep.post(f"{url}/disqualify", json={"reason": "No budget this year"}).get_json()
    assert (done["status"], done["disqualify_reason"]) == ("disqualified", "No budget this year")
    assert rep.post(f"{url}/qualify").status_code == 422


def test_bad_input_is_a_4xx_with_messages(sales, api_client):
    rep = api_client("acme", "rep_n1")
    missing_name = rep.post(LEADS, json={"email": "not an email"})
    assert missing_name.status_code == 422
    assert {"name", "email"} <= set(missing_name.get_json()["error"]["fields"])
    assert rep.get(f"{LEADS}?status=bogus").status_code == 422
    assert rep.get(f"{LEADS}?cursor=garbage").status_code == 400
    south = rep.post(LEADS, json={"name": "X", "owner_id": sales.acme.users["rep_s1"].id})
    assert south.status_code == 422 and "owner_id" in south.get_json()["error"]["fields"]
    lead = new_lead(api_client)
    unassign = rep.patch(f"{LEADS}/{lead['id']}", json={"owner_id": None})
    assert unassign.status_code == 422 and "owner_id" in unassign.get_json()["error"]["fields"]
    assert rep.post(f"{LEADS}/{MISSING_ID}/qualify").status_code == 404


def test_visibility_follows_the_owner_in_the_core_scopes(sales, api_client):
    own = new_lead(api_client, user="rep_n1", name="North one")
    south = new_lead(api_client, user="rep_s1", name="South one")
    unassigned = new_lead(api_client, user="admin", name="Nobody's", owner_id=None)
    assert unassigned["owner_id"] == sales.acme.users["admin"].id  # rule "none": the creator
    manager = api_client("acme", "manager_north")
    loose = manager.post(LEADS, json={"name": "Loose", "owner_id": None}).get_json()
    admin = api_client("acme", "admin")
    assert admin.patch(f"{LEADS}/{loose['id']}", json={"owner_id": None}).get_json()["owner_id"] is None

    def seen(user):
        return {i["name"] for i in api_client("acme", user).get(LEADS).get_json()["items"]}

    assert seen("rep_n1") == {"North one"}
    assert seen("rep_s1") == {"South one"}
    assert seen("manager_north") == {"North one", "Loose"}
    assert seen("manager_south") == {"South one", "Loose"}
    assert seen("executive") == {"North one", "South one", "Nobody's", "Loose"}
    for user, lead in (("rep_n1", south), ("rep_n1", loose), ("manager_north", south)):
        assert api_client("acme", user).get(f"{LEADS}/{lead['id']}").status_code == 404
        assert api_client("acme", user).post(f"{LEADS}/{lead['id']}/work").status_code == 404
    assert api_client("globex", "admin").get(f"{LEADS}/{own['id']}").status_code == 404
    assert api_client("globex", "admin").get(LEADS).get_json()["items"] == []


def test_module_off_means_404(world, enable_plugin, api_client):
    enable_plugin("acme", "sales_automation")
    assert api_client("acme", "rep_n1").get(LEADS).status_code == 200
    assert api_client("globex", "rep_n1").get(LEADS).status_code == 404


def test_the_routes_are_in_the_openapi_document(sales, client):
    document = client.get("/api/openapi.json").get_json()
    assert {"/api/v1/sales/leads", "/api/v1/sales/leads/{lead_id}/convert", "/api/v1/sales/lead-forms"} <= set(
        document["paths"])
    assert {"SalesLead", "SalesLeadConvert", "SalesLeadPage"} <= set(document["components"]["schemas"])
